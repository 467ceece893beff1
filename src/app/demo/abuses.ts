import { sql } from 'kysely'
import type { Role } from '../../domain/access/index.js'
import { addDays, addMonths, assert, endOfMonth, fromYmd, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { RULE_NAMES, type RuleName } from '../../domain/supervision/index.js'
import { decideApproval } from '../approvals.js'
import { recordAudit } from '../audit.js'
import { SYSTEM_ACTOR, type Actor, type Executor, type RequestContext } from '../context.js'
import { addMember } from '../households/changes.js'
import { recordUseOfFundsCheck } from '../inspections/use-of-funds.js'
import { advanceApplication, submitApplication } from '../loans/applications.js'
import { receiveCapital, runLoanEvent } from '../loans/loan-events.js'
import { closedUntil } from '../loans/period-closes.js'
import { generatePassword } from '../password.js'
import { programTermsOn } from '../programs.js'
import { listFlagRules, runFlagRules } from '../supervision/flag-runs.js'
import { captureGroup } from '../transaction-day/capture.js'
import { cashBookOf, closeTransactionDay, openTransactionDay, planTransactionDay } from '../transaction-day/days.js'
import { createUser } from '../users.js'
import { createRandom, type Random } from './random.js'
import { DEMO_PROVINCE_CODE } from './structure.js'

/**
 * Known abuses injected into a seeded demo province, then every red-flag rule run as the nightly
 * run does: does each rule flag every injected case, and what else does it flag on the simulated
 * rows (the false positives), real by the rule's definition or noise of the sample?
 * See docs/supervision.md, "Injected abuses on the sample province".
 */

/** How many cases each rule gets (approver concentration: one per transaction office, at most this many). */
const CASES_PER_RULE = 2

/** How a case was written: through the use-cases, or directly in SQL where no use-case can do it. */
export type InjectionPath = 'use-case' | 'sql'

export interface InjectedCase {
  readonly rule: RuleName
  /** The flag's subject the rule should raise: application, loan, household, person, group or office/officer. */
  readonly subjectId: string
  readonly description: string
  readonly path: InjectionPath
}

export interface FlagReason {
  readonly kind: 'real' | 'noise'
  readonly reason: string
  readonly count: number
}

export interface RuleOutcome {
  readonly rule: RuleName
  readonly injected: number
  readonly flaggedInjected: number
  /** Subjects injected but not flagged: must be empty. */
  readonly missed: readonly string[]
  /** Flags the run raised on rows the simulator made (not on this rule's injected cases). */
  readonly otherFlags: number
  readonly real: number
  readonly noise: number
  readonly reasons: readonly FlagReason[]
}

export interface AbuseReport {
  readonly seed: number
  readonly closedPeriod: string
  /** The first injection date (the 10th of the month after the last closed period). */
  readonly injectedFrom: LocalDate
  /** The date the rules ran as of: the end of the fourth month after the last closed period. */
  readonly asOf: LocalDate
  readonly loans: number
  readonly cases: readonly InjectedCase[]
  readonly rules: readonly RuleOutcome[]
  readonly ms: number
}

export interface AbuseOptions {
  readonly seed?: number | undefined
  readonly onProgress?: ((phase: string, done: number, total: number) => void) | undefined
}

export const DEFAULT_ABUSE_SEED = 9

/** Usernames of the officers the injection acts as all start with this (and tell a second run). */
const USER_PREFIX = 'abuse.'

interface Office { readonly id: number; readonly communes: readonly number[] }
interface Users { readonly ctx: (username: string, on: LocalDate) => RequestContext; readonly ids: Map<string, number> }

/**
 * Injects a handful of known abuses covering every red-flag rule into a seeded demo database,
 * dated after its last closed month, runs every rule as of the end of the fourth month after it
 * and reports, per rule, the injected cases, those flagged and the other flags with their
 * classification. Deterministic for a seed on a given seeded database. Refuses a database
 * without a seeded demo (`demo_abuses_no_demo`) or one already injected
 * (`demo_abuses_already_injected`): a second run writes nothing.
 */
export async function injectAbuses(db: Executor, options: AbuseOptions = {}): Promise<AbuseReport> {
  const started = performance.now()
  const seed = options.seed ?? DEFAULT_ABUSE_SEED
  const progress = options.onProgress ?? (() => {})
  const closed = await closedUntil(db)
  const branch = await db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'province').where('province_code', '=', DEMO_PROVINCE_CODE).executeTakeFirst()
  if (closed === null || !branch) throw new RuleViolation('demo_abuses_no_demo', { closedPeriod: closed, branch: branch?.id ?? null })
  const taken = await db.selectFrom('users').select('username').where('username', 'like', `${USER_PREFIX}%`).limit(1).executeTakeFirst()
  if (taken) throw new RuleViolation('demo_abuses_already_injected', { username: taken.username })

  // The calendar: everything happens after the last closed month (loan events inside a closed
  // period are refused); the rules run once the abuses have had time to show.
  const closedPeriod = closed.slice(0, 7)
  const m1 = addDays(endOfMonth(fromYmd(Number(closedPeriod.slice(0, 4)), Number(closedPeriod.slice(5, 7)), 1)), 1)
  const t1 = addDays(m1, 9)
  const t2 = addMonths(t1, 1)
  const t3 = addMonths(t1, 2)
  const asOf = endOfMonth(addMonths(m1, 3))
  const systemAt = (on: LocalDate, requestId: string): RequestContext => ({ actor: SYSTEM_ACTOR, requestId, now: new Date(`${on}T03:00:00Z`) })
  const rules = await listFlagRules(db, systemAt(asOf, 'demo-abuses'), asOf)
  const param = (name: RuleName, key: string) => rules.find((r) => r.name === name)!.values[key]!
  // The windows the rules look at must separate the injection days as planned.
  assert(t1 <= addMonths(asOf, -Number(param('dormant_loan', 'months'))), 'dormant loans must be idle long enough by the as-of date')
  assert(addDays(addMonths(asOf, -Number(param('approver_concentration', 'months'))), 1) > t1 && t2 <= asOf, 'only the concentrated approvals fall in the window')

  const random = createRandom(seed)
  // Rows the simulator made end here: the cases that reuse simulated loans pick below it.
  const lastSimulatedLoan = (await sql<{ max: bigint | null }>`select max(id) as max from loans`.execute(db)).rows[0]?.max ?? 0n
  const offices = await officesOf(db, branch.path)
  assert(offices.length > 0 && offices[0]!.communes.length > 0, 'a seeded branch has an office with communes')
  const main = offices[0]!
  const concentrationOffices = offices.slice(0, CASES_PER_RULE)
  const allCommunes = offices.flatMap((o) => o.communes)
  const used = [...new Set([main, ...concentrationOffices])]
  const users = await createUsers(db, systemAt(t1, 'demo-abuses-users'), used, concentrationOffices)
  const cases: InjectedCase[] = []
  const free = await freeHouseholds(db, used.flatMap((o) => o.communes), random.fork('households'))
  const take = (communes: readonly number[], needGroup = false) => {
    const i = free.findIndex((h) => communes.includes(h.communeId) && (!needGroup || h.groupId !== null))
    assert(i >= 0, 'the seeded communes have enough households without a running loan')
    return free.splice(i, 1)[0]!
  }
  const officeOf = (communeId: number) => offices.find((o) => o.communes.includes(communeId))!
  const steps = 10
  let step = 0
  const tick = (phase: string) => progress(phase, step++, steps)

  /** An application through the whole workflow (form 01/TD → group → commune → appraisal → approval); the loan is created approved. */
  const applyAndApprove = async (h: FreeHousehold, input: { programCode: string; amountDong: bigint; on: LocalDate; approver: string; submitter?: string; channel?: 'direct' | 'entrusted' }) => {
    const office = officeOf(h.communeId)
    const channel = input.channel ?? 'direct'
    const applicationId = await submitApplication(db, users.ctx(input.submitter ?? `${USER_PREFIX}commune.${h.communeId}`, input.on), {
      householdId: h.id, programCode: input.programCode, purpose: 'Chăn nuôi, trồng trọt', amountDong: input.amountDong, termMonths: 36,
      channel, groupId: channel === 'entrusted' ? h.groupId : null, applicationDate: input.on,
    })
    await advanceApplication(db, users.ctx(`${USER_PREFIX}leader.${h.communeId}`, input.on), applicationId, 'group_review')
    await advanceApplication(db, users.ctx(`${USER_PREFIX}commune.${h.communeId}`, input.on), applicationId, 'commune_confirm')
    const { approvalId } = await advanceApplication(db, users.ctx(`${USER_PREFIX}appraiser.${office.id}`, input.on), applicationId, 'submit_for_approval')
    await decideApproval(db, users.ctx(input.approver, input.on), approvalId!, 'approved', null)
    const loan = await db.selectFrom('loans').select('id').where('application_id', '=', applicationId).executeTakeFirstOrThrow()
    return { applicationId, loanId: loan.id }
  }
  const teller = (communeId: number, on: LocalDate) => users.ctx(`${USER_PREFIX}appraiser.${officeOf(communeId).id}`, on)
  const disburse = (loanId: bigint, amountDong: bigint, communeId: number, on: LocalDate) =>
    runLoanEvent(db, teller(communeId, on), loanId, { type: 'disburse', date: on, amountDong, cashUnit: communeId })
  const repay = (loanId: bigint, communeId: number, on: LocalDate) =>
    runLoanEvent(db, teller(communeId, on), loanId, { type: 'repay', date: on, amountDong: 100_000n, cashUnit: communeId })
  const check = (loanId: bigint, communeId: number, on: LocalDate) =>
    recordUseOfFundsCheck(db, teller(communeId, on), { loanId, checkedOn: on, result: 'used_correctly', notes: 'Biên bản 06/TD (dữ liệu mẫu)' })
  const mainApprover = `${USER_PREFIX}approver.${main.id}`

  // Capital for the loans the injection disburses, received on the first day (the fund check is real).
  await receiveCapital(db, systemAt(t1, 'demo-abuses-capital'), { capitalSource: 'CENTRAL', amountDong: 2_000_000_000n, unitId: main.communes[0]!, date: t1, reference: 'Vốn Trung ương bổ sung (dữ liệu mẫu)' })

  // 1. approver_is_maker: the officer who took the application approves it (another officer appraised).
  tick('approver_is_maker')
  for (let k = 0; k < CASES_PER_RULE; k++) {
    const h = take(main.communes)
    const { applicationId } = await applyAndApprove(h, { programCode: 'JOB_CREATION', amountDong: 20_000_000n, on: t1, submitter: `${USER_PREFIX}self.${main.id}`, approver: `${USER_PREFIX}self.${main.id}` })
    cases.push({ rule: 'approver_is_maker', subjectId: applicationId.toString(), description: `application ${applicationId}: taken and approved by ${USER_PREFIX}self.${main.id}`, path: 'use-case' })
  }

  // 2. borrower_not_on_list: a poor-household loan whose 'poor' class comes from a decision signed
  // after the approval (the list made to fit the loan). No use-case records a decision dated after
  // the day it is entered, so the class row is written in SQL; the loan goes through the workflow.
  tick('borrower_not_on_list')
  const standard = await db.selectFrom('poverty_standards').select('id').where('scope', '=', 'national').where('valid_from', '<=', m1)
    .orderBy('valid_from', 'desc').executeTakeFirstOrThrow()
  for (let k = 0; k < CASES_PER_RULE; k++) {
    const h = take(main.communes, true)
    await db.insertInto('household_classes').values({
      household_id: h.id, province_code: DEMO_PROVINCE_CODE, class: 'poor', standard_id: standard.id, effective_from: m1,
      decision_number: `${90 + k}/QĐ-UBND (bổ sung)`, decision_date: addDays(t1, 20), review_id: null,
    }).execute()
    const { applicationId } = await applyAndApprove(h, { programCode: 'POOR', amountDong: 30_000_000n, on: t1, approver: mainApprover, channel: 'entrusted' })
    cases.push({ rule: 'borrower_not_on_list', subjectId: applicationId.toString(), description: `application ${applicationId}: 'poor' from a decision of ${addDays(t1, 20)}, approved ${t1}`, path: 'sql' })
  }

  // 3. cross_program_exposure: one household borrows across programs beyond the combined limit.
  tick('cross_program_exposure')
  const limit = param('cross_program_exposure', 'maxCombinedDong')
  for (let k = 0; k < CASES_PER_RULE; k++) {
    const h = take(main.communes)
    let total = 0n
    for (const programCode of ['JOB_CREATION', 'RELEASED_PRISONERS', 'CLEAN_WATER', 'JOB_CREATION', 'JOB_CREATION']) {
      if (total > limit) break
      const max = await maxAmountOn(db, programCode, t1)
      if (max === null) continue
      const amount = max < limit - total + 10_000_000n ? max : limit - total + 10_000_000n
      const { loanId } = await applyAndApprove(h, { programCode, amountDong: amount, on: t1, approver: mainApprover })
      await disburse(loanId, amount, h.communeId, t1)
      await check(loanId, h.communeId, addDays(t1, 5))
      await repay(loanId, h.communeId, t3)
      total += amount
    }
    cases.push({ rule: 'cross_program_exposure', subjectId: h.id.toString(), description: `household ${h.id}: ${total.toString()} đồng outstanding across programs`, path: 'use-case' })
  }

  // 4. dormant_loan: disbursed (and checked), then no transaction at all.
  // 5. no_use_of_funds_check: disbursed and repaid, never checked.
  tick('dormant_loan, no_use_of_funds_check')
  for (const rule of ['dormant_loan', 'no_use_of_funds_check'] as const)
    for (let k = 0; k < CASES_PER_RULE; k++) {
      const h = take(main.communes)
      const { loanId } = await applyAndApprove(h, { programCode: 'JOB_CREATION', amountDong: 30_000_000n, on: t1, approver: mainApprover })
      await disburse(loanId, 30_000_000n, h.communeId, t1)
      if (rule === 'dormant_loan') await check(loanId, h.communeId, addDays(t1, 5))
      else await repay(loanId, h.communeId, t3)
      cases.push({ rule, subjectId: loanId.toString(), description: rule === 'dormant_loan' ? `loan ${loanId}: disbursed ${t1}, no transaction since` : `loan ${loanId}: disbursed ${t1}, no 06/TD check`, path: 'use-case' })
    }

  // 6. frozen_past_expiry: simulated loans frozen for one month and still frozen at the as-of date
  // (no month-end close runs in between: the close would end the freeze).
  // 7. address_mismatch: simulated loans booked in a neighbouring commune. No use-case moves a
  // loan or an application to another commune (nor a household): written in SQL.
  tick('frozen_past_expiry, address_mismatch')
  const simulated = await simulatedLoans(db, main.communes, lastSimulatedLoan, random.fork('loans'))
  for (let k = 0; k < CASES_PER_RULE; k++) {
    const loan = simulated[k]!
    const to = addDays(t1, 30)
    await runLoanEvent(db, users.ctx(`${USER_PREFIX}appraiser.${main.id}`, t1), loan.id, { type: 'freeze', date: t1, decisionNumber: `${loan.id}/QĐ-KN (mẫu)`, to, freezePrincipal: true })
    cases.push({ rule: 'frozen_past_expiry', subjectId: loan.id.toString(), description: `loan ${loan.id}: frozen ${t1} to ${to}, still frozen`, path: 'use-case' })
  }
  for (let k = 0; k < CASES_PER_RULE; k++) {
    const loan = simulated[CASES_PER_RULE + k]!
    const other = allCommunes.find((c) => c !== loan.communeId && main.communes.includes(c)) ?? allCommunes.find((c) => c !== loan.communeId)
    assert(other !== undefined, 'a province of one commune has no neighbour')
    await db.updateTable('loans').set({ commune_unit_id: other }).where('id', '=', loan.id).execute()
    await db.updateTable('loan_applications').set({ commune_unit_id: other }).where('id', '=', loan.applicationId).execute()
    cases.push({ rule: 'address_mismatch', subjectId: loan.id.toString(), description: `loan ${loan.id}: booked in commune ${other}, household in ${loan.communeId}`, path: 'sql' })
  }

  // 8. duplicate_citizen_id: a person registered a second time, in another household, without the CCCD.
  tick('duplicate_citizen_id')
  for (const p of await singlePersons(db, main.communes, random.fork('persons'), CASES_PER_RULE)) {
    await addMember(db, users.ctx(`${USER_PREFIX}appraiser.${main.id}`, t1), p.otherHouseholdId, {
      member: { fullName: p.fullName, birthDate: p.birthDate, citizenId: null, relation: 'other' }, joinedOn: t1, note: 'Nhập khẩu (dữ liệu mẫu)',
    })
    cases.push({ rule: 'duplicate_citizen_id', subjectId: p.personId.toString(), description: `person ${p.personId}: registered again in household ${p.otherHouseholdId} without CCCD`, path: 'use-case' })
  }

  // 9. repeated_leader_shortfalls: two groups' leaders remit less than their own list says, on the
  // transaction days of two months.
  tick('repeated_leader_shortfalls')
  const opened = new Map<bigint, number>()
  for (const g of await groupsWithMembers(db, main.communes, random.fork('groups'), CASES_PER_RULE)) {
    for (const [m, period] of [addMonths(m1, 0), addMonths(m1, 1)].map((d, i) => [i, d.slice(0, 7)] as const)) {
      const plannedBy = users.ctx(`${USER_PREFIX}appraiser.${officeOf(g.communeId).id}`, addMonths(m1, m))
      const existing = await db.selectFrom('transaction_days').select(['id', 'held_on', 'status']).where('transaction_point_id', '=', g.pointId).where('period', '=', period).executeTakeFirst()
      let day: { id: bigint; held_on: string; status: string }
      if (existing) day = existing
      else {
        const planned = await planTransactionDay(db, plannedBy, { pointId: g.pointId, period })
        day = { id: planned.id, held_on: planned.heldOn, status: planned.status }
      }
      const heldOn = day.held_on as LocalDate
      const at = users.ctx(`${USER_PREFIX}appraiser.${officeOf(g.communeId).id}`, heldOn)
      if (day.status === 'planned') {
        await openTransactionDay(db, at, day.id, { openingCashDong: 0n })
        opened.set(day.id, g.communeId)
      }
      const lines = g.members.map((householdId) => ({
        householdId, loanId: null, recipientPersonId: null, memberPaidDong: null, interestDong: 0n, principalDong: 0n,
        savingsDepositDong: 100_000n, savingsWithdrawalDong: 0n, savingsToPrincipalDong: 0n, disbursedDong: 0n,
      }))
      const remitted = 100_000n * BigInt(lines.length)
      await captureGroup(db, at, day.id, { groupId: g.id, remittedDong: remitted, collectedDong: remitted + 30_000n + 10_000n * BigInt(m), lines })
    }
    cases.push({ rule: 'repeated_leader_shortfalls', subjectId: g.id.toString(), description: `group ${g.id}: leader short on the days of ${m1.slice(0, 7)} and ${addMonths(m1, 1).slice(0, 7)}`, path: 'use-case' })
  }
  // Close the days the injection opened, with the cash counted as the book says.
  for (const [dayId, communeId] of opened) {
    const d = await db.selectFrom('transaction_days').select('held_on').where('id', '=', dayId).executeTakeFirstOrThrow()
    const book = await cashBookOf(db, dayId, 0n)
    await closeTransactionDay(db, users.ctx(`${USER_PREFIX}appraiser.${officeOf(communeId).id}`, d.held_on as LocalDate), dayId, { countedCashDong: book.closingDong })
  }

  // 10. approver_concentration: in each of the first offices, one officer decides every approval of a month.
  tick('approver_concentration')
  const minCount = Number(param('approver_concentration', 'minCount'))
  for (const office of concentrationOffices) {
    const chief = `${USER_PREFIX}chief.${office.id}`
    for (let k = 0; k < Math.max(minCount, 10); k++)
      await applyAndApprove(take(office.communes), { programCode: 'JOB_CREATION', amountDong: 20_000_000n, on: t2, approver: chief })
    cases.push({ rule: 'approver_concentration', subjectId: `${office.id}/${users.ids.get(chief)!}`, description: `office ${office.id}: ${chief} decides all ${Math.max(minCount, 10)} approvals of ${t2.slice(0, 7)}`, path: 'use-case' })
  }

  // Every rule, as the nightly run does (the system, whole portfolio), as of the chosen date.
  tick('flags')
  const runs = await runFlagRules(db, systemAt(asOf, 'demo-abuses-flags'), { asOf })
  const outcomes = await outcomesOf(db, runs.map((r) => r.runId), cases)
  const loans = Number((await db.selectFrom('loans').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)
  const report: AbuseReport = { seed, closedPeriod, injectedFrom: t1, asOf, loans, cases, rules: outcomes, ms: Math.round(performance.now() - started) }
  await db.transaction().execute((trx) => recordAudit(trx, systemAt(asOf, 'demo-abuses'), {
    action: 'demo.abuses', entityType: 'demo', entityId: String(seed), scopePath: branch.path, after: { ...report, rules: undefined },
  }))
  progress('done', steps, steps)
  return report
}

async function officesOf(db: Executor, branchPath: string): Promise<Office[]> {
  const rows = await db.selectFrom('units as o').innerJoin('units as c', 'c.parent_id', 'o.id').select(['o.id as office', 'c.id as commune'])
    .where('o.kind', '=', 'transaction_office').where('c.kind', '=', 'commune').where('o.path', 'like', `${branchPath}%`).orderBy('o.id').orderBy('c.id').execute()
  const offices = new Map<number, number[]>()
  for (const r of rows) offices.set(r.office, [...(offices.get(r.office) ?? []), r.commune])
  return [...offices].map(([id, communes]) => ({ id, communes }))
}

/** The officers the injection acts as in the offices it uses, created through the user use-case (passwords random, never shown). */
async function createUsers(db: Executor, ctx: RequestContext, offices: readonly Office[], concentration: readonly Office[]): Promise<Users> {
  const wanted: { username: string; role: Role; unitId: number }[] = []
  for (const o of offices) {
    wanted.push({ username: `${USER_PREFIX}appraiser.${o.id}`, role: 'office_officer', unitId: o.id })
    wanted.push({ username: `${USER_PREFIX}approver.${o.id}`, role: 'office_officer', unitId: o.id })
    for (const c of o.communes) {
      wanted.push({ username: `${USER_PREFIX}commune.${c}`, role: 'commune_officer', unitId: c })
      wanted.push({ username: `${USER_PREFIX}leader.${c}`, role: 'group_leader', unitId: c })
    }
  }
  wanted.push({ username: `${USER_PREFIX}self.${offices[0]!.id}`, role: 'office_officer', unitId: offices[0]!.id })
  for (const o of concentration) wanted.push({ username: `${USER_PREFIX}chief.${o.id}`, role: 'office_officer', unitId: o.id })
  const actors = new Map<string, Actor>()
  const ids = new Map<string, number>()
  for (const [k, u] of wanted.entries()) {
    const outcome = await createUser(db, ctx, { username: u.username, fullName: `Cán bộ kiểm thử ${k + 1} (mẫu)`, role: u.role, unitId: u.unitId, organisation: null, password: generatePassword() })
    assert(outcome.kind === 'created', 'officers below the administrator are created at once')
    const unit = await db.selectFrom('units').select('path').where('id', '=', u.unitId).executeTakeFirstOrThrow()
    actors.set(u.username, { userId: outcome.user.id, username: u.username, role: u.role, unitId: u.unitId, scopePath: unit.path })
    ids.set(u.username, outcome.user.id)
  }
  return {
    ids,
    ctx: (username, on) => {
      const actor = actors.get(username)
      assert(actor !== undefined, `no injection officer ${username}`)
      return { actor, requestId: `demo-abuses-${username}`, now: new Date(`${on}T03:00:00Z`) }
    },
  }
}

interface FreeHousehold { readonly id: bigint; readonly communeId: number; readonly groupId: bigint | null }

/** Active households with no loan still open and a current head, in a seeded random order. */
async function freeHouseholds(db: Executor, communes: readonly number[], random: Random): Promise<FreeHousehold[]> {
  const { rows } = await sql<{ id: bigint; commune_unit_id: number; group_id: bigint | null }>`
    select h.id, h.commune_unit_id, (select m.group_id from group_memberships m where m.household_id = h.id and m.left_on is null order by m.group_id limit 1) as group_id
    from households h
    where h.status = 'active' and h.commune_unit_id = any(${communes}::int[]) and h.head_person_id is not null
      and not exists (select 1 from loans l where l.household_id = h.id and l.status <> 'closed')
    order by h.id`.execute(db)
  return shuffle(random, rows.map((r) => ({ id: r.id, communeId: r.commune_unit_id, groupId: r.group_id })))
}

/** Active simulated loans with principal outstanding, in a seeded random order. */
async function simulatedLoans(db: Executor, communes: readonly number[], lastId: bigint, random: Random) {
  const { rows } = await sql<{ id: bigint; application_id: bigint; commune_unit_id: number }>`
    select l.id, l.application_id, l.commune_unit_id from loans l
    where l.status = 'active' and l.id <= ${lastId.toString()}::bigint and l.commune_unit_id = any(${communes}::int[])
      and l.principal_in_term_dong + l.principal_overdue_dong > 0 and l.application_id is not null
    order by l.id`.execute(db)
  const loans = shuffle(random, rows.map((r) => ({ id: r.id, applicationId: r.application_id, communeId: r.commune_unit_id })))
  assert(loans.length >= 2 * CASES_PER_RULE, 'the seeded communes have active loans')
  return loans
}

/**
 * People with a birth date whose folded name and birth date no one else shares (the rule keys
 * people that way), each with another active household of the same commune to be registered in.
 */
async function singlePersons(db: Executor, communes: readonly number[], random: Random, n: number) {
  const { rows } = await sql<{ person_id: bigint; full_name: string; birth_date: string; household_id: bigint; commune_unit_id: number }>`
    with single as (
      select name_search, birth_date from persons where birth_date is not null group by name_search, birth_date having count(*) = 1
    )
    select pe.id as person_id, pe.full_name, pe.birth_date, hm.household_id, h.commune_unit_id
    from persons pe
    join single s on s.name_search = pe.name_search and s.birth_date = pe.birth_date
    join household_members hm on hm.person_id = pe.id and hm.left_on is null
    join households h on h.id = hm.household_id and h.status = 'active'
    where pe.citizen_id is not null and h.commune_unit_id = any(${communes}::int[]) and hm.relation <> 'head'
    order by pe.id limit 2000`.execute(db)
  const picked = shuffle(random, rows).slice(0, n)
  assert(picked.length === n, 'the seeded communes have people to register twice')
  const out = []
  for (const p of picked) {
    const other = await db.selectFrom('households').select('id').where('commune_unit_id', '=', p.commune_unit_id).where('status', '=', 'active')
      .where('id', '<>', p.household_id).where('head_person_id', 'is not', null).orderBy('id').limit(1).executeTakeFirstOrThrow()
    out.push({ personId: p.person_id, fullName: p.full_name, birthDate: p.birth_date, otherHouseholdId: other.id })
  }
  return out
}

/** Active savings groups with at least two current members (two of them deposit on the day). */
async function groupsWithMembers(db: Executor, communes: readonly number[], random: Random, n: number) {
  const { rows } = await sql<{ id: bigint; point_id: number; commune_unit_id: number; members: string[] }>`
    select g.id, g.transaction_point_id as point_id, g.commune_unit_id,
           array(select m.household_id::text from group_memberships m where m.group_id = g.id and m.left_on is null order by m.household_id limit 2) as members
    from savings_groups g
    where g.status = 'active' and g.commune_unit_id = any(${communes}::int[]) and g.transaction_point_id is not null
      and (select count(*) from group_memberships m where m.group_id = g.id and m.left_on is null) >= 2
    order by g.id`.execute(db)
  const picked = shuffle(random, rows).slice(0, n)
  assert(picked.length === n, 'the seeded communes have savings groups')
  return picked.map((g) => ({ id: g.id, pointId: g.point_id, communeId: g.commune_unit_id, members: g.members.map(BigInt) }))
}

async function maxAmountOn(db: Executor, programCode: string, on: LocalDate): Promise<bigint | null> {
  try {
    const { version } = await programTermsOn(db, programCode, on)
    const max = version.terms.maxAmount
    return max.basis === 'worker' || max.basis === 'household' || max.basis === 'purpose' ? max.amountDong : null
  } catch (error) {
    if (error instanceof RuleViolation) return null
    throw error
  }
}

function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * Why a flag on a simulated row was raised: real by the rule's definition (the sample really has
 * the condition), or noise (an artefact of what the simulator does not model). One SQL pass.
 */
const REASON = sql<string>`case f.rule
  when 'dormant_loan' then case when (f.evidence->>'overdueDong')::bigint > 0
    then 'real|overdue and unpaid for months (the simulator''s non-paying loans)'
    else 'noise|paid up to the end of the simulated history; nothing is simulated after it, so every loan looks idle' end
  when 'no_use_of_funds_check' then 'real|no 06/TD check within the rule''s days (the simulated organisation checked late or never)'
  when 'borrower_not_on_list' then case
    when f.evidence->>'householdClass' is null then 'noise|no class recorded on the application date (applications made in the December before the history''s first yearly review takes effect)'
    when f.evidence->'problems' @> '["class_decided_after_approval"]' then 'real|class decided after the approval'
    else 'real|' || (f.evidence->>'programCode') || ' lent to a household classed ' || (f.evidence->>'householdClass') || ' on the application date' end
  when 'frozen_past_expiry' then 'real|frozen past the freeze decision''s end'
  when 'cross_program_exposure' then case
    when (f.evidence->>'overLimit')::boolean and jsonb_array_length(f.evidence->'loans') = 1
      then 'real|one ' || (f.evidence->'loans'->0->>'programCode') || ' loan alone over the combined limit'
    when (f.evidence->>'overLimit')::boolean then 'real|several loans over the combined limit'
    else 'real|programs the terms forbid together' end
  when 'address_mismatch' then 'noise|address mismatch on simulated data: ' || (f.evidence->>'problems')
  when 'duplicate_citizen_id' then 'noise|namesakes born the same day'
  else 'noise|not expected on simulated data' end`

async function outcomesOf(db: Executor, runIds: readonly bigint[], cases: readonly InjectedCase[]): Promise<RuleOutcome[]> {
  const runs = runIds.map(String)
  const injected = JSON.stringify(cases.map((c) => ({ rule: c.rule, subject_id: c.subjectId })))
  // The injected cases the run flagged, and the other flags counted by reason (a province raises
  // hundreds of thousands of them: they are counted in the database, not carried to Node).
  const { rows: hits } = await sql<{ rule: RuleName; subject_id: string }>`
    select f.rule, f.subject_id from red_flags f
    join jsonb_to_recordset(${injected}::jsonb) as i(rule text, subject_id text) on i.rule = f.rule and i.subject_id = f.subject_id
    where f.source_type = 'flag_rule' and f.source_id = any(${runs}::text[])`.execute(db)
  const { rows: others } = await sql<{ rule: RuleName; reason: string; n: bigint }>`
    select f.rule, ${REASON} as reason, count(*) as n
    from red_flags f
    where f.source_type = 'flag_rule' and f.source_id = any(${runs}::text[])
      and not exists (select 1 from jsonb_to_recordset(${injected}::jsonb) as i(rule text, subject_id text) where i.rule = f.rule and i.subject_id = f.subject_id)
    group by 1, 2`.execute(db)
  return RULE_NAMES.map((rule) => {
    const mine = new Set(cases.filter((c) => c.rule === rule).map((c) => c.subjectId))
    const flagged = new Set(hits.filter((h) => h.rule === rule).map((h) => h.subject_id))
    const reasons: FlagReason[] = others.filter((o) => o.rule === rule).sort((a, b) => a.reason.localeCompare(b.reason)).map((o) => {
      const [kind, reason] = o.reason.split('|', 2) as ['real' | 'noise', string]
      return { kind, reason, count: Number(o.n) }
    })
    const sum = (kind: 'real' | 'noise') => reasons.filter((r) => r.kind === kind).reduce((s, r) => s + r.count, 0)
    return {
      rule, injected: mine.size, flaggedInjected: [...mine].filter((s) => flagged.has(s)).length, missed: [...mine].filter((s) => !flagged.has(s)),
      otherFlags: sum('real') + sum('noise'), real: sum('real'), noise: sum('noise'), reasons,
    }
  })
}

/** The report as Markdown, to paste into docs/supervision.md. */
export function abuseReportMarkdown(report: AbuseReport, label: string): string {
  const n = (v: number) => v.toLocaleString('en-US')
  const lines = [
    `**${label}** — ${n(report.loans)} loans; seed ${report.seed}; last closed month ${report.closedPeriod}; injected from ${report.injectedFrom}; rules run as of ${report.asOf}.`,
    '',
    '| rule | injected | flagged (recall) | other flags | real | noise | what the other flags are |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const r of report.rules) {
    const what = r.reasons.map((x) => `${x.kind}: ${x.reason} (${n(x.count)})`).join('; ') || '—'
    const recall = r.injected === 0 ? '—' : `${r.flaggedInjected}/${r.injected}${r.flaggedInjected === r.injected ? '' : ' **missed ' + r.missed.join(', ') + '**'}`
    lines.push(`| \`${r.rule}\` | ${r.injected} | ${recall} | ${n(r.otherFlags)} | ${n(r.real)} | ${n(r.noise)} | ${what} |`)
  }
  return lines.join('\n')
}
