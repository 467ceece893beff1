import { sql } from 'kysely'
import type { JournalEntry } from '../domain/ledger/index.js'
import { rulesOn } from '../domain/network/index.js'
import type { Executor, RequestContext } from '../app/context.js'
import { loadRulesVersions } from '../app/groups/rules.js'
import { postEntries } from '../app/ledger.js'
import type { ClosePeriod } from './close-month.js'

export interface SavingsInterestReport {
  readonly members: number
  readonly totalDong: bigint
}

/**
 * Interest on group savings (lãi tiền gửi tiết kiệm tổ), credited by the month-end close when the
 * savings rules in force on the period's last day pay any: each member's balance at the end of the
 * day × the monthly rate, floored to the đồng. One entry per group (savings interest expense at the
 * group's commune Dr, the group's savings Cr) and one `interest` movement per member. With the
 * national rules (rate 0) nothing is written. A closed month is not closed again, so it runs once.
 */
export async function creditSavingsInterest(trx: Executor, ctx: RequestContext, p: ClosePeriod): Promise<SavingsInterestReport> {
  const provinces = (await trx.selectFrom('savings_movements').select('province_code').distinct().execute()).map((r) => r.province_code)
  if (provinces.length === 0) return { members: 0, totalDong: 0n }
  const versions = await loadRulesVersions(trx)
  const rates = provinces.map((province) => {
    const rules = rulesOn(versions, p.periodEnd, province)
    return { province, micros: rules.ok ? (rules.value.rules.savings?.interestMonthlyMicros ?? 0n) : 0n }
  }).filter((r) => r.micros > 0n)
  if (rates.length === 0) return { members: 0, totalDong: 0n }
  const { rows } = await sql<{ province_code: string; group_id: bigint; commune_unit_id: number; household_id: bigint; interest: bigint }>`
    select m.province_code, m.group_id, g.commune_unit_id, m.household_id, floor(sum(m.amount_dong) * r.micros / 1000000)::bigint as interest
    from savings_movements m
    join jsonb_to_recordset(${JSON.stringify(rates.map((r) => ({ province: r.province, micros: r.micros.toString() })))}::jsonb) as r(province text, micros bigint) on r.province = m.province_code
    join savings_groups g on g.id = m.group_id
    where m.movement_date <= ${p.periodEnd}::date
    group by m.province_code, m.group_id, g.commune_unit_id, m.household_id, r.micros
    having floor(sum(m.amount_dong) * r.micros / 1000000) > 0
    order by m.group_id, m.household_id`.execute(trx)
  if (rows.length === 0) return { members: 0, totalDong: 0n }
  const perGroup = new Map<bigint, { province: string; commune: number; total: bigint }>()
  for (const r of rows) {
    const g = perGroup.get(r.group_id) ?? { province: r.province_code, commune: r.commune_unit_id, total: 0n }
    perGroup.set(r.group_id, { ...g, total: g.total + r.interest })
  }
  const groups = [...perGroup]
  const entries: JournalEntry[] = groups.map(([groupId, g]) => ({
    kind: 'savings.interest', entryDate: p.periodEnd, provinceCode: g.province, description: `Lãi tiết kiệm tổ tháng ${p.period}`,
    postings: [{ account: { kind: 'savings_interest_expense', unit: g.commune }, amountDong: g.total }, { account: { kind: 'group_savings', group: Number(groupId) }, amountDong: -g.total }],
  }))
  const ids = await postEntries(trx, ctx, entries)
  const entryOf = new Map(groups.map(([groupId], i) => [groupId.toString(), ids[i]!.toString()]))
  await sql`
    insert into savings_movements (province_code, group_id, household_id, movement_date, kind, amount_dong, entry_id)
    select r.province_code, r.group_id, r.household_id, ${p.periodEnd}::date, 'interest', r.interest, r.entry_id
    from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ province_code: r.province_code, group_id: r.group_id.toString(), household_id: r.household_id.toString(), interest: r.interest.toString(), entry_id: entryOf.get(r.group_id.toString()) })))}::jsonb)
      as r(province_code text, group_id bigint, household_id bigint, interest bigint, entry_id bigint)`.execute(trx)
  return { members: rows.length, totalDong: rows.reduce((s, r) => s + r.interest, 0n) }
}
