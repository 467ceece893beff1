import { sql } from 'kysely'
import type { JournalEntry } from '../../domain/ledger/index.js'
import type { LoanState } from '../../domain/loans/index.js'
import { fromYmd } from '../../domain/shared/index.js'
import { insertJournalEntries } from '../../db/repositories/ledger.js'
import { recordAudit } from '../audit.js'
import { toJsonSafe } from '../canonical-json.js'
import type { Executor, RequestContext } from '../context.js'
import type { CommuneHistory, SimLoan } from './history.js'
import type { DemoCommune } from './structure.js'

/**
 * Writes a simulated commune set-based: the bulk path of the loan, savings and poverty use-cases.
 * The journal entries are the engine's, written by the ledger's own `insertJournalEntries` (which
 * makes the accounts, posts and moves the cached balances); the loans get the engine's final
 * state, so `tdcs ledger verify` re-derives every balance from postings.
 */
const LOAN_CHUNK = 2000
const ENTRY_CHUNK = 2500
const ROW_CHUNK = 5000

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function freezeJson(s: LoanState) {
  const f = s.freeze
  return f ? { ...f, frozenInTermDong: f.frozenInTermDong.toString(), frozenOverdueDong: f.frozenOverdueDong.toString() } : null
}

async function writeLoans(trx: Executor, ctx: RequestContext, provinceCode: string, commune: DemoCommune, loans: readonly SimLoan[]): Promise<void> {
  const applications = loans.map((l) => ({
    id: l.id.toString(), household_id: l.household.id.toString(), group_id: l.groupId?.toString() ?? null, channel: l.groupId === null ? 'direct' : 'entrusted',
    program_code: l.programCode, terms_id: l.termsId, capital_source_code: l.capitalSource, purpose: l.purpose, amount: l.state.approvedDong.toString(),
    term_months: l.termMonths, grace_months: l.graceMonths, interval_months: l.intervalMonths, application_date: l.applicationDate,
    eligibility: { source: 'demo', householdClass: l.className, eligible: true },
  }))
  await sql`
    insert into loan_applications (id, province_code, household_id, commune_unit_id, group_id, channel, program_code, terms_id, capital_source_code, purpose,
      amount_dong, term_months, grace_months, interval_months, application_date, eligibility, status, submitted_at, decided_at)
    select r.id, ${provinceCode}, r.household_id, ${commune.unitId}, r.group_id, r.channel, r.program_code, r.terms_id, r.capital_source_code, r.purpose,
      r.amount, r.term_months, r.grace_months, r.interval_months, r.application_date, r.eligibility, 'approved', r.application_date::timestamptz, r.application_date::timestamptz + interval '10 days'
    from jsonb_to_recordset(${JSON.stringify(applications)}::jsonb) as r(id bigint, household_id bigint, group_id bigint, channel text, program_code text, terms_id integer,
      capital_source_code text, purpose text, amount bigint, term_months integer, grace_months integer, interval_months integer, application_date date, eligibility jsonb)`.execute(trx)
  const rows = loans.map((l) => {
    const s = l.state
    return {
      id: l.id.toString(), household_id: l.household.id.toString(), program_code: l.programCode, terms_id: l.termsId, capital_source_code: l.capitalSource,
      contract_date: l.contractDate, monthly_day: l.monthlyDay, status: s.status, approved: s.approvedDong.toString(), disbursed: s.disbursedDong.toString(),
      in_term: s.principalInTermDong.toString(), overdue: s.principalOverdueDong.toString(), frozen: s.principalFrozenDong.toString(),
      interest: s.interestDong.toString(), overdue_interest: s.overdueInterestDong.toString(), interest_carry: s.interestCarry.toString(),
      overdue_interest_carry: s.overdueInterestCarry.toString(), accrued_until: s.accruedUntil, last_event_date: s.lastEventDate, freeze_info: freezeJson(s),
      written_off_principal: s.writtenOffPrincipalDong.toString(), written_off_interest: s.writtenOffInterestDong.toString(),
    }
  })
  await sql`
    insert into loans (id, application_id, province_code, household_id, commune_unit_id, program_code, terms_id, capital_source_code, contract_date, monthly_day, status,
      approved_dong, disbursed_dong, principal_in_term_dong, principal_overdue_dong, principal_frozen_dong, interest_dong, overdue_interest_dong,
      interest_carry, overdue_interest_carry, accrued_until, last_event_date, freeze_info, written_off_principal_dong, written_off_interest_dong)
    select r.id, r.id, ${provinceCode}, r.household_id, ${commune.unitId}, r.program_code, r.terms_id, r.capital_source_code, r.contract_date, r.monthly_day, r.status,
      r.approved, r.disbursed, r.in_term, r.overdue, r.frozen, r.interest, r.overdue_interest, r.interest_carry, r.overdue_interest_carry, r.accrued_until,
      r.last_event_date, r.freeze_info, r.written_off_principal, r.written_off_interest
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id bigint, household_id bigint, program_code text, terms_id integer, capital_source_code text,
      contract_date date, monthly_day integer, status text, approved bigint, disbursed bigint, in_term bigint, overdue bigint, frozen bigint, interest bigint,
      overdue_interest bigint, interest_carry bigint, overdue_interest_carry bigint, accrued_until date, last_event_date date, freeze_info jsonb,
      written_off_principal bigint, written_off_interest bigint)`.execute(trx)
  const instalments = loans.flatMap((l) => l.state.instalments.map((i) => ({
    loan_id: l.id.toString(), seq: i.seq, due_date: i.dueDate, extended_to: i.extendedTo, due: i.principalDueDong.toString(), paid: i.principalPaidDong.toString(), status: i.status,
  })))
  for (const part of chunks(instalments, ROW_CHUNK))
    await sql`
      insert into loan_instalments (loan_id, seq, due_date, extended_to, principal_due_dong, principal_paid_dong, status)
      select r.loan_id, r.seq, r.due_date, r.extended_to, r.due, r.paid, r.status
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(loan_id bigint, seq integer, due_date date, extended_to date, due bigint, paid bigint, status text)`.execute(trx)
  // The organisations' use-of-funds checks (06/TD), without photos.
  const checks = loans.filter((l) => l.fundsCheck !== null).map((l) => ({ loan_id: l.id.toString(), on: l.fundsCheck!.on, result: l.fundsCheck!.result }))
  if (checks.length > 0)
    await sql`
      insert into use_of_funds_checks (loan_id, province_code, unit_id, checked_on, result, notes)
      select r.loan_id, ${provinceCode}, ${commune.unitId}, r.on, r.result, 'Kiểm tra sử dụng vốn (dữ liệu mô phỏng)'
      from jsonb_to_recordset(${JSON.stringify(checks)}::jsonb) as r(loan_id bigint, "on" date, result text)`.execute(trx)
  // The disbursement, as the loan's first recorded event (its later events are in the ledger).
  const events = loans.map((l) => ({ loan_id: l.id.toString(), date: l.contractDate, amount: l.state.disbursedDong.toString() }))
  await sql`
    insert into loan_events (loan_id, province_code, type, event_date, payload, request_id)
    select r.loan_id, ${provinceCode}, 'disburse', r.date, jsonb_build_object('type', 'disburse', 'date', r.date, 'amountDong', r.amount, 'source', 'demo'), ${ctx.requestId}
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as r(loan_id bigint, date date, amount text)`.execute(trx)
  // Its later events (repayments, overdue moves, freeze, write-off), as the use-cases record them:
  // the quality report and the dormant-loan rule read the last disbursement or repayment here.
  const later = loans.flatMap((l) => l.events.map((e) => ({ loan_id: l.id.toString(), type: e.type, date: e.date, payload: { ...toJsonSafe(e) as object, source: 'demo' } })))
  for (const part of chunks(later, ROW_CHUNK))
    await sql`
      insert into loan_events (loan_id, province_code, type, event_date, payload, request_id)
      select r.loan_id, ${provinceCode}, r.type, r.date, r.payload, ${ctx.requestId}
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(loan_id bigint, type text, date date, payload jsonb)`.execute(trx)
}

async function writeEntries(db: Executor, ctx: RequestContext, entries: readonly JournalEntry[]): Promise<bigint[]> {
  const ids: bigint[] = []
  for (const part of chunks(entries, ENTRY_CHUNK))
    await db.transaction().execute(async (trx) => {
      const posted = await insertJournalEntries(trx, part, { postedAt: ctx.now, requestId: ctx.requestId, createdBy: null })
      ids.push(...posted.map((p) => p.entryId))
    })
  return ids
}

async function writeSnapshots(db: Executor, provinceCode: string, commune: DemoCommune, history: CommuneHistory): Promise<void> {
  const rows = history.snapshots.map((s) => ({
    period: s.period, loan_id: s.loan.id.toString(), household_id: s.loan.household.id.toString(), program_code: s.loan.programCode, capital_source_code: s.loan.capitalSource,
    status: s.state.status, in_term: s.state.principalInTermDong.toString(), overdue: s.state.principalOverdueDong.toString(), frozen: s.state.principalFrozenDong.toString(),
    interest: s.state.interestDong.toString(), overdue_interest: s.state.overdueInterestDong.toString(), disbursed: s.state.disbursedDong.toString(),
  }))
  for (const part of chunks(rows, ROW_CHUNK))
    await sql`
      insert into loan_snapshots (period, loan_id, province_code, commune_unit_id, household_id, program_code, capital_source_code, status,
        principal_in_term_dong, principal_overdue_dong, principal_frozen_dong, interest_dong, overdue_interest_dong, disbursed_dong)
      select r.period, r.loan_id, ${provinceCode}, ${commune.unitId}, r.household_id, r.program_code, r.capital_source_code, r.status,
        r.in_term, r.overdue, r.frozen, r.interest, r.overdue_interest, r.disbursed
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(period text, loan_id bigint, household_id bigint, program_code text, capital_source_code text, status text,
        in_term bigint, overdue bigint, frozen bigint, interest bigint, overdue_interest bigint, disbursed bigint)`.execute(db)
}

/** Group savings deposits: one entry per group and day (cash in, members' savings up), as the day's capture posts. */
async function writeSavings(db: Executor, ctx: RequestContext, provinceCode: string, commune: DemoCommune, history: CommuneHistory): Promise<void> {
  const entries: JournalEntry[] = history.savings.map((d) => {
    const total = d.lines.reduce((s, l) => s + l.amountDong, 0n)
    return {
      kind: 'savings.deposit', entryDate: d.date, provinceCode, description: `Tiền gửi tiết kiệm tổ #${d.groupId}`,
      postings: [{ account: { kind: 'cash', unit: commune.unitId }, amountDong: total }, { account: { kind: 'group_savings', group: Number(d.groupId) }, amountDong: -total }],
    }
  })
  const ids = await writeEntries(db, ctx, entries)
  const rows = history.savings.flatMap((d, k) => d.lines.map((l) => ({ group_id: d.groupId.toString(), household_id: l.householdId.toString(), date: d.date, amount: l.amountDong.toString(), entry_id: ids[k]!.toString() })))
  for (const part of chunks(rows, ROW_CHUNK))
    await sql`
      insert into savings_movements (province_code, group_id, household_id, movement_date, kind, amount_dong, entry_id)
      select ${provinceCode}, r.group_id, r.household_id, r.date, 'deposit', r.amount, r.entry_id
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(group_id bigint, household_id bigint, date date, amount bigint, entry_id bigint)`.execute(db)
}

/**
 * The yearly reviews' outcome: one decided annual review per commune and year (decision of 20
 * December, in force from 1 January) and the classes it changed, under the national standard in
 * force on that day. Years no standard covers are left out (the catalogue starts in 2022).
 */
async function writeClasses(db: Executor, provinceCode: string, commune: DemoCommune, history: CommuneHistory, standards: readonly { id: number; valid_from: string; valid_to: string | null }[]): Promise<void> {
  const years = [...new Set(history.classes.map((c) => c.year))].sort()
  for (const year of years) {
    const effective = fromYmd(year, 1, 1)
    const standard = standards.find((s) => s.valid_from <= effective && (s.valid_to === null || s.valid_to >= effective))
    if (!standard) continue
    const decisionNumber = `${commune.code.slice(-3)}/QĐ-UBND-${year - 1}`
    const review = await db.insertInto('poverty_reviews').values({
      kind: 'annual', commune_unit_id: commune.unitId, year: year - 1, status: 'decided', household_id: null, requested_on: null, due_on: null,
      opened_on: fromYmd(year - 1, 9, 15), meeting_date: fromYmd(year - 1, 11, 10), attendees: null, agreeing: null,
      posting_from: fromYmd(year - 1, 11, 12), posting_to: fromYmd(year - 1, 11, 19), decision_number: decisionNumber, decision_date: fromYmd(year - 1, 12, 20), created_by: null,
    }).returning('id').executeTakeFirstOrThrow()
    const rows = history.classes.filter((c) => c.year === year).map((c) => ({ household_id: c.household.id.toString(), class: c.className }))
    for (const part of chunks(rows, ROW_CHUNK))
      await sql`
        insert into household_classes (household_id, province_code, class, standard_id, effective_from, decision_number, decision_date, review_id)
        select r.household_id, ${provinceCode}, r.class, ${standard.id}, ${effective}::date, ${decisionNumber}, ${fromYmd(year - 1, 12, 20)}::date, ${review.id}
        from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(household_id bigint, class text)`.execute(db)
  }
}

/** Writes one commune's history and audits it as one batch. */
export async function writeCommuneHistory(
  db: Executor, ctx: RequestContext, provinceCode: string, commune: DemoCommune, history: CommuneHistory,
  standards: readonly { id: number; valid_from: string; valid_to: string | null }[], communePath: string,
): Promise<void> {
  for (const part of chunks(history.loans, LOAN_CHUNK)) await db.transaction().execute((trx) => writeLoans(trx, ctx, provinceCode, commune, part))
  await writeEntries(db, ctx, history.entries)
  await writeSnapshots(db, provinceCode, commune, history)
  await writeSavings(db, ctx, provinceCode, commune, history)
  await writeClasses(db, provinceCode, commune, history, standards)
  await db.transaction().execute((trx) => recordAudit(trx, ctx, {
    action: 'demo.seed_history', entityType: 'unit', entityId: commune.unitId, scopePath: communePath,
    after: { loans: history.loans.length, entries: history.entries.length, snapshots: history.snapshots.length, savingsDeposits: history.savings.length, classChanges: history.classes.length },
  }))
}

/** The tables the history's bulk writes fill (the index dance of `withoutSecondaryIndexes`). */
const BULK_TABLES = ['postings', 'journal_entries', 'savings_movements', 'loan_snapshots', 'loan_instalments', 'loan_events', 'loan_applications', 'loans', 'household_classes', 'use_of_funds_checks'] as const

/**
 * Runs `work` with the secondary indexes of the history's tables dropped, and creates them again
 * afterwards (also when `work` fails): the bulk-load practice of building an index once over the
 * loaded rows instead of maintaining it row by row. Only for the demo seed, which runs on an
 * empty database before anyone uses it. Unique indexes and those that back a constraint
 * (primary keys, unique keys) stay: they keep checking every row.
 */
export async function withoutSecondaryIndexes<T>(db: Executor, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition
    from pg_indexes i
    join pg_class c on c.relname = i.indexname and c.relkind = 'i'
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
    join pg_index x on x.indexrelid = c.oid and not x.indisunique
    where i.schemaname = current_schema() and i.tablename = any(${[...BULK_TABLES]}::text[])
      and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
    order by i.indexname`.execute(db)
  for (const index of rows) await sql`drop index ${sql.id(index.name)}`.execute(db)
  try {
    return await work()
  } finally {
    for (const index of rows) await sql.raw(index.definition).execute(db)
  }
}

