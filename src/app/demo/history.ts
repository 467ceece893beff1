import { accrue, applyLoanEvent, buildSchedule, type LoanContext, type LoanEvent, type LoanState } from '../../domain/loans/index.js'
import type { JournalEntry, Posting } from '../../domain/ledger/index.js'
import { rateSegments, termsOn, type BaseRate, type TermsVersion } from '../../domain/programs/index.js'
import { addDays, addMonths, assert, compareDates, fromYmd, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import type { HouseholdClass } from '../../db/schema.js'
import type { Program } from '../programs.js'
import type { Random } from './random.js'
import type { DemoCommune, DemoHousehold } from './structure.js'

/**
 * The simulated history of one commune, computed in memory with the real loan engine
 * (`applyLoanEvent`): every journal entry here is the one the loan use-cases would post for the
 * same event. Nothing in this file touches the database.
 */

/** A month as an index: year × 12 + month − 1. */
export type MonthIndex = number
export const monthIndex = (year: number, month: number): MonthIndex => year * 12 + month - 1
export const yearOfIndex = (m: MonthIndex) => Math.floor(m / 12)
export const monthOfIndex = (m: MonthIndex) => (m % 12) + 1
export const periodOf = (m: MonthIndex) => `${yearOfIndex(m)}-${String(monthOfIndex(m)).padStart(2, '0')}`
const firstDay = (m: MonthIndex): LocalDate => fromYmd(yearOfIndex(m), monthOfIndex(m), 1)
const dayIn = (m: MonthIndex, day: number): LocalDate => fromYmd(yearOfIndex(m), monthOfIndex(m), Math.min(day, 28))

export interface Timeline {
  readonly fromYear: number
  readonly toYear: number
  /** The last month simulated; the real month-end close runs for it afterwards. */
  readonly finalMonth: MonthIndex
  /** From this month on, every loan pays on every transaction day and every month ends with an accrual and a snapshot. */
  readonly windowStart: MonthIndex
  readonly coarseRepayMonths: number
  /** Inside the window, loans pay every this many months (1: every transaction day). */
  readonly windowRepayMonths: number
}

export interface Catalogue {
  readonly programs: readonly Program[]
  readonly baseRates: readonly BaseRate[]
}

export interface SimLoan {
  readonly id: bigint
  readonly household: DemoHousehold
  readonly groupId: bigint | null
  readonly programCode: string
  readonly termsId: number
  readonly capitalSource: string
  readonly purpose: string
  readonly applicationDate: LocalDate
  readonly contractDate: LocalDate
  readonly monthlyDay: number
  readonly termMonths: number
  readonly graceMonths: number
  readonly intervalMonths: number
  readonly className: string
  /** The organisation's use-of-funds check (form 06/TD) after disbursement, when one was made. */
  readonly fundsCheck: { readonly on: LocalDate; readonly result: 'used_correctly' | 'partly_misused' | 'misused' } | null
  /** The loan's events after its disbursement (repayments, overdue moves, freeze, write-off), as the use-cases record them; not the month-end ones. */
  readonly events: LoanEvent[]
  state: LoanState
}

export interface SnapshotRow {
  readonly period: string
  readonly loan: SimLoan
  readonly state: LoanState
}

export interface SavingsDeposit {
  readonly date: LocalDate
  readonly groupId: bigint
  readonly lines: readonly { readonly householdId: bigint; readonly amountDong: bigint }[]
}

export interface ClassChange {
  readonly household: DemoHousehold
  readonly year: number
  readonly className: HouseholdClass
}

export interface CommuneHistory {
  readonly loans: SimLoan[]
  readonly entries: JournalEntry[]
  readonly snapshots: SnapshotRow[]
  readonly savings: SavingsDeposit[]
  readonly classes: ClassChange[]
  /** Poor households at the start of each year, and all households. */
  readonly poorByYear: Map<number, number>
  /** Principal disbursed in each year (the capital the commune needed). */
  readonly disbursedByYear: Map<number, bigint>
}

type Behaviour = { kind: 'good' } | { kind: 'late'; from: MonthIndex; months: number } | { kind: 'bad'; from: MonthIndex }

interface ProgramChoice {
  readonly code: string
  readonly weight: number
}

/** Yearly chance that a household free of a loan borrows, by its class (lending reaches the poor first). */
const BORROW_CHANCE: Readonly<Record<string, number>> = { poor: 0.6, near_poor: 0.45, recently_escaped: 0.4, average_living: 0.14, not_poor: 0.07 }

function programChoices(className: string, h: DemoHousehold): ProgramChoice[] {
  switch (className) {
    case 'poor':
      return [{ code: 'POOR', weight: 70 }, { code: 'HOUSING_POOR', weight: 6 }, ...(h.ethnicMinority ? [{ code: 'EM_PRODUCTION', weight: 12 }, { code: 'EM_HOUSING', weight: 4 }] : []), { code: 'JOB_CREATION', weight: 8 }]
    case 'near_poor':
      return [{ code: 'NEAR_POOR', weight: 80 }, { code: 'JOB_CREATION', weight: 15 }, { code: 'STUDENT', weight: 5 }]
    case 'recently_escaped':
      return [{ code: 'RECENTLY_ESCAPED', weight: 80 }, { code: 'JOB_CREATION', weight: 15 }, { code: 'STUDENT', weight: 5 }]
    default:
      // Student loans reach poor, near-poor and average-living households only (not the better off).
      return [
        { code: 'JOB_CREATION', weight: 44 }, { code: 'CLEAN_WATER', weight: 30 }, ...(className === 'average_living' ? [{ code: 'STUDENT', weight: 10 }] : []),
        { code: 'OVERSEAS_WORKERS', weight: 5 }, { code: 'SOCIAL_HOUSING', weight: 3 }, { code: 'RELEASED_PRISONERS', weight: 1 },
      ]
  }
}

const PURPOSES: Readonly<Record<string, readonly string[]>> = {
  POOR: ['Chăn nuôi trâu bò', 'Trồng hồi, quế', 'Chăn nuôi lợn', 'Trồng rừng sản xuất'],
  NEAR_POOR: ['Chăn nuôi lợn', 'Trồng cây ăn quả', 'Chăn nuôi gia cầm'],
  RECENTLY_ESCAPED: ['Mở rộng chăn nuôi', 'Trồng cây ăn quả'],
  JOB_CREATION: ['Mở xưởng mộc', 'Dịch vụ sửa chữa', 'Mở rộng sản xuất'],
  CLEAN_WATER: ['Xây bể nước sạch', 'Xây nhà tiêu hợp vệ sinh'],
  STUDENT: ['Học phí đại học', 'Học nghề'],
  OVERSEAS_WORKERS: ['Đi lao động tại Nhật Bản', 'Đi lao động tại Hàn Quốc'],
  HOUSING_POOR: ['Làm nhà ở'], SOCIAL_HOUSING: ['Mua nhà ở xã hội'], EM_HOUSING: ['Làm nhà ở'], EM_PRODUCTION: ['Sản xuất, kinh doanh'],
  RELEASED_PRISONERS: ['Tự tạo việc làm'], DIFFICULT_AREAS: ['Sản xuất, kinh doanh'],
}

/** An amount for the program, within its ceiling (the catalogue's `maxAmount`), in whole 1.000.000 ₫. */
function amountFor(r: Random, code: string, version: TermsVersion): bigint {
  const max = version.terms.maxAmount
  const M = 1_000_000n
  let amount: bigint
  switch (max.basis) {
    case 'purpose':
      amount = BigInt(r.int(12, 25)) * M
      break
    case 'study_month':
      return max.amountDong * BigInt(r.int(10, 40))
    case 'contract_share':
      return BigInt(r.int(250, 600)) * M
    default:
      amount = code === 'HOUSING_POOR' || code === 'EM_HOUSING' ? BigInt(r.int(20, 40)) * M
        : BigInt(r.weighted([[30, 10], [40, 15], [50, 25], [60, 15], [70, 10], [80, 10], [100, 15]] as const)) * M
  }
  return amount < max.amountDong ? amount : max.amountDong
}

function termFor(r: Random, code: string, version: TermsVersion): { termMonths: number; graceMonths: number } {
  const t = version.terms
  const wanted = code === 'HOUSING_POOR' || code === 'EM_HOUSING' ? 120 : code === 'SOCIAL_HOUSING' ? 240 : code === 'STUDENT' ? 96 : code === 'OVERSEAS_WORKERS' ? 36 : r.pick([36, 48, 60, 60, 60])
  const termMonths = Math.min(wanted, t.maxTermMonths)
  const graceMonths = Math.min(code === 'STUDENT' ? 48 : code === 'HOUSING_POOR' ? 60 : 0, t.graceMonthsMax, termMonths - 1)
  return { termMonths, graceMonths }
}

function contextOf(program: Program, version: TermsVersion, baseRates: readonly BaseRate[], capitalSource: string): LoanContext {
  const t = version.terms
  return {
    terms: {
      programCode: program.code, capitalSource, dayCount: t.dayCount, overdueFactorMicros: t.overdueFactorMicros, allocationOrder: t.allocationOrder,
      termMonths: t.maxTermMonths, extensionMonthsMaxShortTerm: t.extensionMonthsMaxShortTerm, extensionShareMaxMicros: t.extensionShareMaxMicros,
    },
    rates: rateSegments(version, program.versions, baseRates),
  }
}

const unpaidDueBy = (s: LoanState, date: LocalDate) =>
  s.instalments.filter((i) => i.status !== 'paid' && compareDates(i.extendedTo ?? i.dueDate, date) <= 0).reduce((sum, i) => sum + i.principalDueDong - i.principalPaidDong, 0n)

/**
 * Simulates one commune: yearly poverty classes, loans from application to today with the engine,
 * group savings. `nextLoanId` hands out loan ids (the caller inserts the rows with them). Yields
 * to the event loop now and then, so the caller can write another commune meanwhile.
 */
export async function simulateCommune(
  r: Random, commune: DemoCommune, provinceCode: string, timeline: Timeline, catalogue: Catalogue, nextLoanId: () => bigint,
): Promise<CommuneHistory> {
  const loans: SimLoan[] = []
  const entries: JournalEntry[] = []
  const snapshots: SnapshotRow[] = []
  const savings: SavingsDeposit[] = []
  const classes: ClassChange[] = []
  const poorByYear = new Map<number, number>()
  const disbursedByYear = new Map<number, bigint>()
  const programs = new Map(catalogue.programs.map((p) => [p.code, p]))
  const groupDay = new Map(commune.groups.map((g) => [g.id.toString(), g.pointDay]))
  const defaultDay = commune.pointDays[0] ?? 15

  // Household state through the years.
  const current = new Map<DemoHousehold, HouseholdClass>()
  const escapedIn = new Map<DemoHousehold, number>()
  const freeFrom = new Map<DemoHousehold, MonthIndex>()
  const borrowedIn = new Map<DemoHousehold, Set<number>>()
  for (const h of commune.households) {
    const poorChance = h.ethnicMinority ? 0.17 : 0.08
    current.set(h, r.weighted<HouseholdClass>([['poor', poorChance], ['near_poor', 0.11], ['average_living', 0.14], ['not_poor', 0.75 - poorChance]]))
  }

  const addEntries = (loan: SimLoan, drafts: readonly { kind: string; postings: JournalEntry['postings'] }[], date: LocalDate) => {
    // The engine's entries are balanced and minimal by construction (asserted by its tests); the
    // database's balance trigger checks every entry again as it is written.
    for (const d of drafts) entries.push({ kind: d.kind, entryDate: date, provinceCode, description: `${d.kind} #${loan.id}`, loanId: loan.id, postings: d.postings })
  }
  // Month-end entries are grouped as the close job groups them: one entry per month, movement,
  // program and capital source, a posting per loan on the loan's side, one interest income posting.
  const monthEndEntries = new Map<string, { kind: string; date: LocalDate; label: string; postings: Posting[]; income: Posting | undefined; loans: number }>()
  const addMonthEnd = (drafts: readonly { kind: string; postings: JournalEntry['postings'] }[], month: MonthIndex, programCode: string, capitalSource: string) => {
    for (const d of drafts) {
      const key = `${month}|${d.kind}|${programCode}|${capitalSource}`
      const group = monthEndEntries.get(key) ?? { kind: d.kind, date: addDays(firstDay(month + 1), -1), label: `${d.kind === 'loan.interest_accrual' ? 'Month-end interest accrual' : 'Month-end overdue transfer'} ${periodOf(month)} · ${programCode} · ${capitalSource}`, postings: [], income: undefined, loans: 0 }
      group.loans++
      for (const p of d.postings) {
        if (p.account.kind === 'interest_income') group.income = { account: p.account, amountDong: (group.income?.amountDong ?? 0n) + p.amountDong }
        else group.postings.push(p)
      }
      monthEndEntries.set(key, group)
    }
  }

  for (let year = timeline.fromYear; year <= timeline.toYear; year++) {
    // The yearly review (decided in December, in force from 1 January): lending speeds the way out.
    if (year > timeline.fromYear) {
      for (const h of commune.households) {
        const was = current.get(h)!
        const borrowed = borrowedIn.get(h)?.has(year - 1) === true
        let next: HouseholdClass = was
        if (was === 'poor') {
          if (r.chance(0.08 + (borrowed ? 0.2 : 0))) next = r.chance(0.55) ? 'near_poor' : 'average_living'
        } else if (was === 'near_poor') {
          if (r.chance(0.03)) next = 'poor'
          else if (r.chance(0.08 + (borrowed ? 0.1 : 0))) next = r.chance(0.5) ? 'average_living' : 'not_poor'
        } else if (r.chance(0.006)) next = 'poor'
        else if (r.chance(0.012)) next = 'near_poor'
        if (next !== was) {
          current.set(h, next)
          classes.push({ household: h, year, className: next })
          if (was === 'poor' || was === 'near_poor') escapedIn.set(h, year)
        }
      }
    } else {
      for (const h of commune.households) classes.push({ household: h, year, className: current.get(h)! })
    }
    poorByYear.set(year, [...current.values()].filter((c) => c === 'poor').length)

    // Applications of the year. Every few households the event loop gets a turn: the seed writes
    // the previous commune while this one is simulated (same order, same random draws).
    for (const [i, h] of commune.households.entries()) {
      if (i % 64 === 63) await new Promise<void>((resolve) => setImmediate(resolve))
      const cls = current.get(h)!
      const escaped = escapedIn.get(h)
      const className = cls !== 'poor' && cls !== 'near_poor' && escaped !== undefined && year - escaped < 3 ? 'recently_escaped' : cls
      const free = freeFrom.get(h) ?? 0
      const lastMonth = monthIndex(year, 12)
      if (free > lastMonth) continue
      const chance = (BORROW_CHANCE[className] ?? 0.07) * (year === timeline.fromYear ? 1.6 : 1)
      if (!r.chance(chance)) continue
      const month = Math.max(free, monthIndex(year, 1)) + r.int(0, Math.max(0, lastMonth - Math.max(free, monthIndex(year, 1))))
      if (month > timeline.finalMonth) continue
      const loan = openLoan(r, h, className, month)
      if (!loan) continue
      const end = simulateLoan(r, loan, month)
      freeFrom.set(h, end + 1)
      for (let y = year; y <= yearOfIndex(Math.min(end, timeline.finalMonth)); y++) {
        const set = borrowedIn.get(h) ?? new Set<number>()
        set.add(y)
        borrowedIn.set(h, set)
      }
    }
  }

  // Group savings: members deposit on their group's day, every month in the window, in coarser steps before.
  const habits = new Map(commune.households.filter((h) => h.groupId !== null).map((h) => [h, BigInt(r.int(5, 20)) * 10_000n]))
  for (const g of commune.groups) {
    const members = commune.households.filter((h) => h.groupId === g.id)
    if (members.length === 0) continue
    for (let m = monthIndex(timeline.fromYear, 1); m <= timeline.finalMonth; m++) {
      const inWindow = m >= timeline.windowStart
      if (!inWindow && (m - monthIndex(timeline.fromYear, 1)) % timeline.coarseRepayMonths !== timeline.coarseRepayMonths - 1) continue
      const months = BigInt(inWindow ? 1 : timeline.coarseRepayMonths)
      savings.push({ date: dayIn(m, g.pointDay), groupId: g.id, lines: members.map((h) => ({ householdId: h.id, amountDong: habits.get(h)! * months })) })
    }
  }
  for (const g of monthEndEntries.values())
    entries.push({ kind: g.kind, entryDate: g.date, provinceCode, description: `${g.label} · ${g.loans} loans`, postings: g.income && g.income.amountDong !== 0n ? [...g.postings, g.income] : g.postings })
  return { loans, entries, snapshots, savings, classes, poorByYear, disbursedByYear }

  function openLoan(lr: Random, h: DemoHousehold, className: string, month: MonthIndex): SimLoan | undefined {
    const day = h.groupId !== null ? groupDay.get(h.groupId.toString()) ?? defaultDay : defaultDay
    const date = dayIn(month, day)
    const choices = programChoices(className, h)
      .filter((c) => h.groupId !== null || !['POOR', 'NEAR_POOR', 'RECENTLY_ESCAPED'].includes(c.code))
      .map((c) => ({ ...c, version: programs.get(c.code) ? termsOn(programs.get(c.code)!.versions, date) : undefined }))
      .filter((c) => c.version?.ok === true)
    if (choices.length === 0) return undefined
    const choice = lr.weighted(choices.map((c) => [c, c.weight] as const))
    const version = (choice.version as { ok: true; value: TermsVersion }).value
    const program = programs.get(choice.code)!
    const amount = amountFor(lr, choice.code, version)
    const { termMonths, graceMonths } = termFor(lr, choice.code, version)
    const intervalMonths = version.terms.instalmentIntervalMonths
    const capitalSource = version.terms.capitalSources[0]!
    const id = nextLoanId()
    const instalments = buildSchedule({ amountDong: amount, firstDisbursementDate: date, termMonths, graceMonths, intervalMonths, monthlyDay: day, holidays: new Set() })
    const state: LoanState = {
      id, status: 'approved', approvedDong: amount, disbursedDong: 0n, principalInTermDong: 0n, principalOverdueDong: 0n, principalFrozenDong: 0n,
      interestDong: 0n, overdueInterestDong: 0n, interestCarry: 0n, overdueInterestCarry: 0n, accruedUntil: null, lastEventDate: null,
      instalments, freeze: null, recalledOn: null, writtenOffPrincipalDong: 0n, writtenOffInterestDong: 0n,
    }
    // 06/TD: the organisation checks how the money was used within a month for most loans; a few
    // are checked late or never, and a few checks find the money partly or wholly misused.
    const checkDraw = lr.next()
    const checkedOn = addDays(date, checkDraw < 0.95 ? 7 + Math.floor(checkDraw * 22) : 35 + Math.floor(checkDraw * 40))
    const fundsCheck = checkDraw < 0.98 && compareDates(checkedOn, dayIn(timeline.finalMonth, 28)) <= 0
      ? { on: checkedOn, result: lr.chance(0.97) ? ('used_correctly' as const) : lr.chance(0.7) ? ('partly_misused' as const) : ('misused' as const) }
      : null
    const loan: SimLoan = {
      id, household: h, groupId: h.groupId, programCode: program.code, termsId: version.id, capitalSource, purpose: lr.pick(PURPOSES[program.code] ?? ['Sản xuất']),
      applicationDate: addDays(date, -lr.int(15, 40)), contractDate: date, monthlyDay: day, termMonths, graceMonths, intervalMonths, className, fundsCheck, events: [], state,
    }
    const ctx = contextOf(program, version, catalogue.baseRates, capitalSource)
    ;(loan as { ctx?: LoanContext }).ctx = ctx
    loans.push(loan)
    return loan
  }

  /** Runs the loan through the months until it closes or the history ends; returns its last month. */
  function simulateLoan(lr: Random, loan: SimLoan, start: MonthIndex): MonthIndex {
    const ctx = (loan as { ctx?: LoanContext }).ctx!
    const apply = (event: LoanEvent, monthEndOf?: MonthIndex) => {
      const result = applyLoanEvent(loan.state, event, ctx)
      if (!result.ok) throw new RuleViolation(result.code, { ...result.details, loan: loan.id.toString(), event: event.type, date: event.date })
      if (monthEndOf === undefined) {
        addEntries(loan, result.value.entries, event.date)
        if (event.type !== 'disburse') loan.events.push(event)
      }
      else addMonthEnd(result.value.entries, monthEndOf, loan.programCode, loan.capitalSource)
      loan.state = result.value.next
    }
    const disbursedOn = dayIn(start, loan.monthlyDay)
    apply({ type: 'disburse', date: disbursedOn, amountDong: loan.state.approvedDong, cashUnit: commune.unitId })
    const year = yearOfIndex(start)
    disbursedByYear.set(year, (disbursedByYear.get(year) ?? 0n) + loan.state.approvedDong)
    const lengthMonths = loan.termMonths
    const behaviour: Behaviour = lr.chance(0.012) ? { kind: 'bad', from: start + lr.int(4, Math.max(5, lengthMonths - 2)) }
      : lr.chance(0.04) ? { kind: 'late', from: start + lr.int(2, Math.max(3, lengthMonths - 2)), months: lr.int(1, 4) } : { kind: 'good' }
    let frozenAt: MonthIndex | undefined
    if (start >= timeline.windowStart && start < timeline.finalMonth) monthEnd(start)
    for (let m = start + 1; m <= timeline.finalMonth; m++) {
      const t = dayIn(m, loan.monthlyDay)
      const s = loan.state
      if (s.status === 'closed') return m - 1
      const inWindow = m >= timeline.windowStart
      const skipping = (behaviour.kind === 'late' && m >= behaviour.from && m < behaviour.from + behaviour.months) || (behaviour.kind === 'bad' && m >= behaviour.from)
      if (s.status === 'frozen') {
        // Khoanh nợ: after 18 months frozen, the frozen debt is written off (xóa nợ) by decision.
        if (frozenAt !== undefined && m - frozenAt >= 18) {
          const principal = s.principalFrozenDong + s.principalOverdueDong + s.principalInTermDong
          const interest = s.interestDong + s.overdueInterestDong
          if (principal + interest > 0n) apply({ type: 'write_off', date: t, principalDong: principal, interestDong: interest })
        }
      } else if (behaviour.kind === 'bad' && m - behaviour.from >= 9 && frozenAt === undefined && (behaviour.from % 2 === 0)) {
        apply({ type: 'freeze', date: t, decisionNumber: `${loan.id}/QĐ-KN`, to: addMonths(t, 36), freezePrincipal: true })
        frozenAt = m
      } else if (!skipping) {
        const every = inWindow ? timeline.windowRepayMonths : timeline.coarseRepayMonths
        const dueThisMonth = unpaidDueBy(s, t) > 0n
        const repayMonth = (m - start) % every === 0 || dueThisMonth || s.principalOverdueDong > 0n
        if (repayMonth) {
          // Before the window one payment covers the coarse step: the principal falling due until
          // the next payment is paid with it (ahead of its date), as one event carries the
          // interest of those months; inside the window each payment covers what is due.
          const due = unpaidDueBy(s, inWindow ? t : addDays(addMonths(t, every), -1))
          const preview = accrue(s, t, ctx).next
          const amount = preview.interestDong + preview.overdueInterestDong + preview.principalOverdueDong + (due < preview.principalInTermDong ? due : preview.principalInTermDong)
          if (amount > 0n) apply({ type: 'repay', date: t, amountDong: amount, cashUnit: commune.unitId })
        }
      }
      const after = loan.state
      if (after.status === 'active' && after.instalments.some((i) => i.status === 'pending' && compareDates(i.extendedTo ?? i.dueDate, t) <= 0))
        apply({ type: 'mark_overdue', date: addDays(t, 1) })
      if (inWindow && m < timeline.finalMonth) monthEnd(m)
    }
    return loan.state.status === 'closed' ? timeline.finalMonth : timeline.finalMonth + 1200

    /** What the month-end close does for the loan (overdue moves, accrual to the month's end), and the snapshot. */
    function monthEnd(month: MonthIndex): void {
      if (loan.state.status === 'active' || loan.state.status === 'frozen') {
        const until = firstDay(month + 1)
        if (loan.state.status === 'active' && loan.state.instalments.some((i) => i.status === 'pending' && compareDates(i.extendedTo ?? i.dueDate, until) < 0))
          apply({ type: 'mark_overdue', date: until }, month)
        apply({ type: 'accrue', date: until }, month)
      }
      snapshots.push({ period: periodOf(month), loan, state: loan.state })
    }
  }
}

/** The poor share of households in a year, in percent with one decimal. */
export function povertyRate(poor: number, households: number): number {
  assert(households > 0, 'a rate needs households')
  return Math.round((poor / households) * 1000) / 10
}
