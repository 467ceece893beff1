import { splitInterest } from '../domain/capital/index.js'
import type { Posting } from '../domain/ledger/index.js'
import { agreementOn } from '../app/capital/funds.js'
import type { Executor, RequestContext } from '../app/context.js'
import { postEntry } from '../app/ledger.js'
import { interestEarned } from '../db/repositories/capital.js'
import type { ClosePeriod } from './close-month.js'

export interface InterestSplitReport {
  readonly funds: number
  readonly fundDong: bigint
  readonly reserveDong: bigint
}

/**
 * The month-end interest split of local-budget funds (close step `capital_interest_split`): the
 * interest earned in the month on each local fund's loans, per program, is split by the
 * agreement in force on the period's last day — the fund's share moves from interest income to
 * the fund's capital (and to the agreement's bank unit in the capital sub-ledger), the reserve's
 * share to the fund's risk reserve, the bank's fee stays as income. One journal entry per fund
 * and month; a closed month is not closed again, and (source, period) is a key, so it runs once.
 * See docs/decisions.md, "Capital sources and local funds", for what "earned" means.
 */
export async function splitLocalFundInterest(trx: Executor, ctx: RequestContext, p: ClosePeriod): Promise<InterestSplitReport> {
  const from = `${p.period}-01`
  const earned = await interestEarned(trx, from, p.periodEnd)
  const sources = [...new Set(earned.map((e) => e.source))]
  let funds = 0
  let fundTotal = 0n
  let reserveTotal = 0n
  for (const source of sources) {
    const agreement = await agreementOn(trx, source, p.periodEnd)
    if (!agreement) continue
    const terms = { fundShareMicros: agreement.fund_share_micros, reserveShareMicros: agreement.reserve_share_micros, bankFeeMicros: agreement.bank_fee_micros }
    const rows = earned.filter((e) => e.source === source && e.earnedDong > 0n)
    const splits = rows.map((r) => ({ program: r.program, ...splitInterest(r.earnedDong, terms) }))
    const earnedDong = splits.reduce((s, x) => s + x.earnedDong, 0n)
    const fundDong = splits.reduce((s, x) => s + x.fundDong, 0n)
    const reserveDong = splits.reduce((s, x) => s + x.reserveDong, 0n)
    if (earnedDong <= 0n) continue
    const provinceCode = rows[0]?.provinceCode ?? null
    let entryId: bigint | null = null
    if (fundDong + reserveDong > 0n) {
      const postings: Posting[] = [
        ...splits.filter((x) => x.fundDong + x.reserveDong > 0n).map((x) => ({ account: { kind: 'interest_income' as const, program: x.program, capitalSource: source }, amountDong: x.fundDong + x.reserveDong })),
        ...(fundDong > 0n ? [{ account: { kind: 'lending_fund' as const, capitalSource: source }, amountDong: -fundDong }] : []),
        ...(reserveDong > 0n ? [{ account: { kind: 'risk_reserve' as const, capitalSource: source }, amountDong: -reserveDong }] : []),
      ]
      entryId = await postEntry(trx, ctx, { kind: 'capital.interest_split', entryDate: p.periodEnd, provinceCode, description: `Phân chia lãi ${source} tháng ${p.period}`, postings })
      if (fundDong > 0n)
        await trx.insertInto('capital_movements').values({
          source_code: source, kind: 'interest_share', capital_kind: 'reinvested_interest', from_unit_id: null, to_unit_id: agreement.bank_unit_id, amount_dong: fundDong,
          movement_date: p.periodEnd, agreement_id: agreement.id, reference: `Lãi bổ sung nguồn vốn tháng ${p.period}`, entry_id: entryId, province_code: provinceCode, created_by: ctx.actor.userId || null,
        }).execute()
    }
    await trx.insertInto('capital_interest_splits').values({
      source_code: source, period: p.period, agreement_id: agreement.id, earned_dong: earnedDong, fund_dong: fundDong, reserve_dong: reserveDong,
      fee_dong: earnedDong - fundDong - reserveDong, entry_id: entryId, province_code: provinceCode,
    }).onConflict((oc) => oc.columns(['source_code', 'period']).doNothing()).execute()
    funds++
    fundTotal += fundDong
    reserveTotal += reserveDong
  }
  return { funds, fundDong: fundTotal, reserveDong: reserveTotal }
}
