import type { AccountRef, Posting } from '../ledger/index.js'
import { addDays, assert, compareDates, daysBetween, fail, ok, type LocalDate, type Result } from '../shared/index.js'
import { interestDenominator, interestNumerator, MICROS, postable, type DayCount, type RateSegment } from './interest.js'
import { effectiveDueDate, unpaidOf, type Instalment } from './schedule.js'

/** The parts a repayment pays, in a program's order (default: overdue interest first). */
export type AllocationPart = 'overdue_interest' | 'interest' | 'overdue_principal' | 'principal'
export const DEFAULT_ALLOCATION: readonly AllocationPart[] = ['overdue_interest', 'interest', 'overdue_principal', 'principal']

/** The contract's terms the engine needs, copied onto the loan when it is approved. */
export interface LoanTerms {
  readonly programCode: string
  readonly capitalSource: string
  readonly dayCount: DayCount
  /** Overdue interest as a share of the contract rate, in micros of one (1_300_000 = 130%). */
  readonly overdueFactorMicros: bigint
  readonly allocationOrder: readonly AllocationPart[]
  readonly termMonths: number
  /** Extension limits: short-term loans (≤ 12 months) up to this many months… */
  readonly extensionMonthsMaxShortTerm: number
  /** …longer loans up to this share of the original term, in micros of one (500_000 = ½). */
  readonly extensionShareMaxMicros: bigint
}

export type LoanStatus = 'approved' | 'active' | 'frozen' | 'closed'

export interface Freeze {
  readonly decisionNumber: string
  readonly from: LocalDate
  readonly to: LocalDate
  /** Principal moved to the frozen status, by the status it came from. */
  readonly frozenInTermDong: bigint
  readonly frozenOverdueDong: bigint
  /** No interest accrues while the freeze holds (always true for frozen principal). */
  readonly interestStopped: boolean
}

/** A loan's whole financial state. Every amount is whole đồng; carries are interest numerators. */
export interface LoanState {
  readonly id: bigint
  readonly status: LoanStatus
  readonly approvedDong: bigint
  readonly disbursedDong: bigint
  readonly principalInTermDong: bigint
  readonly principalOverdueDong: bigint
  readonly principalFrozenDong: bigint
  readonly interestDong: bigint
  readonly overdueInterestDong: bigint
  readonly interestCarry: bigint
  readonly overdueInterestCarry: bigint
  /** Interest has been accrued for every day before this date (null before disbursement). */
  readonly accruedUntil: LocalDate | null
  readonly lastEventDate: LocalDate | null
  readonly instalments: readonly Instalment[]
  readonly freeze: Freeze | null
  readonly recalledOn: LocalDate | null
  readonly writtenOffPrincipalDong: bigint
  readonly writtenOffInterestDong: bigint
}

export type LoanEvent =
  | { readonly type: 'disburse'; readonly date: LocalDate; readonly amountDong: bigint; readonly cashUnit: number }
  | { readonly type: 'accrue'; readonly date: LocalDate }
  | { readonly type: 'repay'; readonly date: LocalDate; readonly amountDong: bigint; readonly cashUnit: number }
  | { readonly type: 'mark_overdue'; readonly date: LocalDate }
  | { readonly type: 'extend'; readonly date: LocalDate; readonly seq: number; readonly newDueDate: LocalDate }
  | { readonly type: 'adjust_term'; readonly date: LocalDate; readonly seq: number; readonly newDueDate: LocalDate }
  | { readonly type: 'freeze'; readonly date: LocalDate; readonly decisionNumber: string; readonly to: LocalDate; readonly freezePrincipal: boolean }
  | { readonly type: 'unfreeze'; readonly date: LocalDate }
  | { readonly type: 'write_off'; readonly date: LocalDate; readonly principalDong: bigint; readonly interestDong: bigint }
  | { readonly type: 'recall'; readonly date: LocalDate }
  | { readonly type: 'cancel_undisbursed'; readonly date: LocalDate }

export type LoanEventType = LoanEvent['type']
export const LOAN_EVENT_TYPES: readonly LoanEventType[] = [
  'disburse', 'accrue', 'repay', 'mark_overdue', 'extend', 'adjust_term', 'freeze', 'unfreeze', 'write_off', 'recall', 'cancel_undisbursed',
]
export const LOAN_STATUSES: readonly LoanStatus[] = ['approved', 'active', 'frozen', 'closed']

/** One journal entry to post, before the use-case adds its date, province and description. */
export interface EntryDraft {
  readonly kind: string
  readonly postings: readonly Posting[]
}

export interface LoanContext {
  readonly terms: LoanTerms
  /** Yearly contract rates by date, already resolved (base-rate relations, repricing). */
  readonly rates: readonly RateSegment[]
}

export interface Transition {
  readonly next: LoanState
  readonly entries: readonly EntryDraft[]
}

/** Which events each status accepts; everything else is refused with the code given. */
const ALLOWED: Readonly<Record<LoanStatus, readonly LoanEventType[]>> = {
  approved: ['disburse', 'accrue', 'mark_overdue', 'adjust_term', 'cancel_undisbursed'],
  active: ['disburse', 'accrue', 'repay', 'mark_overdue', 'extend', 'adjust_term', 'freeze', 'write_off', 'recall', 'cancel_undisbursed'],
  frozen: ['accrue', 'repay', 'mark_overdue', 'unfreeze', 'write_off'],
  closed: [],
}

function refusalFor(status: LoanStatus, type: LoanEventType): Result<never> {
  if (status === 'closed') return fail('loan_closed', { event: type })
  if (status === 'approved' && (type === 'repay' || type === 'write_off' || type === 'freeze' || type === 'recall' || type === 'extend'))
    return fail('loan_not_disbursed', { event: type })
  if (status === 'frozen') return fail(type === 'freeze' ? 'loan_already_frozen' : 'loan_frozen', { event: type })
  if (type === 'unfreeze') return fail('loan_not_frozen')
  return fail('loan_event_not_allowed', { status, event: type })
}

/**
 * The loan's one transition function: prior state + event + terms → next state and the journal
 * entries that record it, or a named refusal. Pure: no I/O, no clock. Every event first accrues
 * interest up to its date, so balances are always exact to the day.
 */
export function applyLoanEvent(state: LoanState, event: LoanEvent, context: LoanContext): Result<Transition> {
  if (!ALLOWED[state.status].includes(event.type)) return refusalFor(state.status, event.type)
  if (state.lastEventDate !== null && compareDates(event.date, state.lastEventDate) < 0)
    return fail('loan_event_backdated', { lastEventDate: state.lastEventDate, date: event.date })
  const accrued = accrue(state, event.date, context)
  const prior = { ...accrued.next, lastEventDate: event.date }
  const result = applyAfterAccrual(prior, event, context)
  if (!result.ok) return result
  const next = closeIfSettled(result.value.next)
  assertInvariants(next)
  return ok({ next, entries: [...accrued.entries, ...result.value.entries] })
}

function applyAfterAccrual(state: LoanState, event: LoanEvent, context: LoanContext): Result<Transition> {
  switch (event.type) {
    case 'disburse':
      return disburse(state, event.amountDong, event.cashUnit, event.date, context)
    case 'accrue':
      return ok({ next: state, entries: [] })
    case 'repay':
      return repay(state, event.amountDong, event.cashUnit, context)
    case 'mark_overdue':
      return markOverdue(state, event.date, context)
    case 'extend':
      return extend(state, event.seq, event.newDueDate, event.date, context)
    case 'adjust_term':
      return adjustTerm(state, event.seq, event.newDueDate, event.date)
    case 'freeze':
      return freeze(state, event, context)
    case 'unfreeze':
      return unfreeze(state, event.date, context)
    case 'write_off':
      return writeOff(state, event.principalDong, event.interestDong, context)
    case 'recall':
      return ok({ next: { ...state, recalledOn: event.date, instalments: state.instalments.map((i) => (i.status === 'pending' && compareDates(effectiveDueDate(i), event.date) > 0 ? { ...i, extendedTo: event.date } : i)) }, entries: [] })
    case 'cancel_undisbursed':
      return cancelUndisbursed(state)
  }
}

// ---- accounts ----

const principalAccount = (t: LoanTerms, status: 'in_term' | 'overdue' | 'frozen'): AccountRef => ({ kind: 'loan_principal', program: t.programCode, capitalSource: t.capitalSource, status })
const interestAccount = (t: LoanTerms, status: 'normal' | 'overdue'): AccountRef => ({ kind: 'interest_receivable', program: t.programCode, capitalSource: t.capitalSource, status })
const incomeAccount = (t: LoanTerms): AccountRef => ({ kind: 'interest_income', program: t.programCode, capitalSource: t.capitalSource })
const cashAccount = (unit: number): AccountRef => ({ kind: 'cash', unit })

function move(from: AccountRef, to: AccountRef, amountDong: bigint, loanId: bigint): Posting[] {
  if (amountDong === 0n) return []
  assert(amountDong > 0n, 'a move carries a positive amount')
  return [{ account: to, amountDong, loanId }, { account: from, amountDong: -amountDong, loanId }]
}

// ---- interest ----

/** Accrues interest for the days [accruedUntil, date): normal on in-term, 130% on overdue principal. */
export function accrue(state: LoanState, date: LocalDate, context: LoanContext): Transition {
  if (state.accruedUntil === null || compareDates(date, state.accruedUntil) <= 0) return { next: state, entries: [] }
  const { terms, rates } = context
  const stopped = state.freeze?.interestStopped === true
  const denominator = interestDenominator(terms.dayCount)
  const normal = postable(stopped ? 0n : interestNumerator(state.principalInTermDong, state.accruedUntil, date, rates, MICROS), state.interestCarry, denominator)
  const overdue = postable(stopped ? 0n : interestNumerator(state.principalOverdueDong, state.accruedUntil, date, rates, terms.overdueFactorMicros), state.overdueInterestCarry, denominator)
  const next: LoanState = {
    ...state,
    accruedUntil: date,
    interestDong: state.interestDong + normal.dong,
    overdueInterestDong: state.overdueInterestDong + overdue.dong,
    interestCarry: normal.carry,
    overdueInterestCarry: overdue.carry,
  }
  const postings = [
    ...move(incomeAccount(terms), interestAccount(terms, 'normal'), normal.dong, state.id),
    ...move(incomeAccount(terms), interestAccount(terms, 'overdue'), overdue.dong, state.id),
  ]
  return { next, entries: postings.length ? [{ kind: 'loan.interest_accrual', postings }] : [] }
}

// ---- events ----

function disburse(state: LoanState, amountDong: bigint, cashUnit: number, date: LocalDate, context: LoanContext): Result<Transition> {
  if (amountDong <= 0n) return fail('amount_not_positive')
  const room = state.approvedDong - state.disbursedDong
  if (amountDong > room) return fail('disbursement_exceeds_approved', { remainingDong: room.toString() })
  const next: LoanState = {
    ...state,
    status: 'active',
    disbursedDong: state.disbursedDong + amountDong,
    principalInTermDong: state.principalInTermDong + amountDong,
    accruedUntil: state.accruedUntil ?? date,
  }
  return ok({ next, entries: [{ kind: 'loan.disbursement', postings: move(cashAccount(cashUnit), principalAccount(context.terms, 'in_term'), amountDong, state.id) }] })
}

/** What a repayment may pay now: every receivable that is not frozen. */
export function payableDong(state: LoanState): bigint {
  return state.interestDong + state.overdueInterestDong + state.principalInTermDong + state.principalOverdueDong
}

function repay(state: LoanState, amountDong: bigint, cashUnit: number, context: LoanContext): Result<Transition> {
  if (amountDong <= 0n) return fail('amount_not_positive')
  const payable = payableDong(state)
  if (amountDong > payable) return fail('repayment_exceeds_outstanding', { payableDong: payable.toString() })
  const { terms } = context
  let left = amountDong
  let s = state
  const postings: Posting[] = []
  const take = (balance: bigint) => {
    const paid = left < balance ? left : balance
    left -= paid
    return paid
  }
  for (const part of terms.allocationOrder) {
    if (left === 0n) break
    if (part === 'overdue_interest') {
      const paid = take(s.overdueInterestDong)
      s = { ...s, overdueInterestDong: s.overdueInterestDong - paid }
      postings.push(...move(interestAccount(terms, 'overdue'), cashAccount(cashUnit), paid, s.id))
    } else if (part === 'interest') {
      const paid = take(s.interestDong)
      s = { ...s, interestDong: s.interestDong - paid }
      postings.push(...move(interestAccount(terms, 'normal'), cashAccount(cashUnit), paid, s.id))
    } else if (part === 'overdue_principal') {
      const paid = take(s.principalOverdueDong)
      s = { ...s, principalOverdueDong: s.principalOverdueDong - paid, instalments: payInstalments(s.instalments, paid, 'overdue') }
      postings.push(...move(principalAccount(terms, 'overdue'), cashAccount(cashUnit), paid, s.id))
    } else {
      const paid = take(s.principalInTermDong)
      s = { ...s, principalInTermDong: s.principalInTermDong - paid, instalments: payInstalments(s.instalments, paid, 'pending') }
      postings.push(...move(principalAccount(terms, 'in_term'), cashAccount(cashUnit), paid, s.id))
    }
  }
  assert(left === 0n, 'the allocation order covers every payable part')
  return ok({ next: s, entries: [{ kind: 'loan.repayment', postings }] })
}

/**
 * Applies a principal payment to instalments: those of the given status first, earliest first,
 * then any other unpaid one. The principal buckets (in term / overdue / frozen) are what the
 * ledger holds; instalments say when principal falls due. After partial disbursements, freezes and
 * write-offs the two need not line up status by status, but their totals always do (asserted).
 */
function payInstalments(instalments: readonly Instalment[], amountDong: bigint, status: 'pending' | 'overdue'): Instalment[] {
  let left = amountDong
  const pay = (i: Instalment): Instalment => {
    if (left === 0n || i.status === 'paid') return i
    const paid = left < unpaidOf(i) ? left : unpaidOf(i)
    left -= paid
    const principalPaidDong = i.principalPaidDong + paid
    return { ...i, principalPaidDong, status: principalPaidDong === i.principalDueDong ? ('paid' as const) : i.status }
  }
  const first = instalments.map((i) => (i.status === status ? pay(i) : i))
  const out = first.map(pay)
  assert(left === 0n, `principal paid (${amountDong}) fits the unpaid instalments`)
  return out
}

function markOverdue(state: LoanState, date: LocalDate, context: LoanContext): Result<Transition> {
  if (state.status === 'approved') return ok({ next: state, entries: [] })
  const instalments = state.instalments.map((i) => {
    if (i.status !== 'pending' || compareDates(effectiveDueDate(i), date) >= 0) return i
    return { ...i, status: 'overdue' as const }
  })
  // Only principal actually disbursed and in term can fall overdue.
  const newlyOverdue = instalments.filter((i, k) => i.status === 'overdue' && state.instalments[k]?.status === 'pending').reduce((sum, i) => sum + unpaidOf(i), 0n)
  const moved = newlyOverdue < state.principalInTermDong ? newlyOverdue : state.principalInTermDong
  if (moved === 0n && newlyOverdue === 0n) return ok({ next: state, entries: [] })
  const next = { ...state, instalments, principalInTermDong: state.principalInTermDong - moved, principalOverdueDong: state.principalOverdueDong + moved }
  const postings = move(principalAccount(context.terms, 'in_term'), principalAccount(context.terms, 'overdue'), moved, state.id)
  return ok({ next, entries: postings.length ? [{ kind: 'loan.overdue_transfer', postings }] : [] })
}

function extend(state: LoanState, seq: number, newDueDate: LocalDate, date: LocalDate, context: LoanContext): Result<Transition> {
  const target = state.instalments.find((i) => i.seq === seq)
  if (!target) return fail('instalment_not_found', { seq })
  if (target.status !== 'pending') return fail('instalment_not_extendable', { status: target.status })
  if (compareDates(date, effectiveDueDate(target)) > 0) return fail('instalment_not_extendable', { reason: 'past_due' })
  if (compareDates(newDueDate, effectiveDueDate(target)) <= 0) return fail('extension_not_later')
  const { terms } = context
  const maxDays = terms.termMonths <= 12 ? terms.extensionMonthsMaxShortTerm * 30 : Number((BigInt(terms.termMonths) * terms.extensionShareMaxMicros) / MICROS) * 30
  const extendedDays = daysBetween(target.dueDate, newDueDate)
  if (extendedDays > maxDays) return fail('extension_too_long', { maxDays, extendedDays })
  return ok({ next: { ...state, instalments: state.instalments.map((i) => (i.seq === seq ? { ...i, extendedTo: newDueDate } : i)) }, entries: [] })
}

function adjustTerm(state: LoanState, seq: number, newDueDate: LocalDate, date: LocalDate): Result<Transition> {
  const target = state.instalments.find((i) => i.seq === seq)
  if (!target) return fail('instalment_not_found', { seq })
  if (target.status !== 'pending' || compareDates(newDueDate, date) <= 0) return fail('instalment_not_adjustable')
  const last = state.instalments.at(-1)
  assert(last !== undefined, 'a loan has instalments')
  if (target.seq !== last.seq && compareDates(newDueDate, effectiveDueDate(last)) > 0) return fail('instalment_not_adjustable', { reason: 'beyond_maturity' })
  return ok({ next: { ...state, instalments: state.instalments.map((i) => (i.seq === seq ? { ...i, dueDate: newDueDate, extendedTo: null } : i)) }, entries: [] })
}

function freeze(state: LoanState, event: Extract<LoanEvent, { type: 'freeze' }>, context: LoanContext): Result<Transition> {
  if (!event.decisionNumber.trim()) return fail('decision_number_required')
  if (compareDates(event.to, event.date) <= 0) return fail('freeze_period_invalid')
  const inTerm = event.freezePrincipal ? state.principalInTermDong : 0n
  const overdue = event.freezePrincipal ? state.principalOverdueDong : 0n
  const next: LoanState = {
    ...state,
    status: 'frozen',
    principalInTermDong: state.principalInTermDong - inTerm,
    principalOverdueDong: state.principalOverdueDong - overdue,
    principalFrozenDong: state.principalFrozenDong + inTerm + overdue,
    freeze: { decisionNumber: event.decisionNumber, from: event.date, to: event.to, frozenInTermDong: inTerm, frozenOverdueDong: overdue, interestStopped: true },
  }
  const { terms } = context
  const postings = [
    ...move(principalAccount(terms, 'in_term'), principalAccount(terms, 'frozen'), inTerm, state.id),
    ...move(principalAccount(terms, 'overdue'), principalAccount(terms, 'frozen'), overdue, state.id),
  ]
  return ok({ next, entries: postings.length ? [{ kind: 'loan.freeze', postings }] : [] })
}

/**
 * Ends a freeze: frozen principal returns to the statuses it came from (less any written off,
 * overdue first), and instalments that fell due while frozen are pushed back by the freeze length.
 */
function unfreeze(state: LoanState, date: LocalDate, context: LoanContext): Result<Transition> {
  const f = state.freeze
  assert(f !== null, 'a frozen loan carries its freeze')
  const toOverdue = f.frozenOverdueDong < state.principalFrozenDong ? f.frozenOverdueDong : state.principalFrozenDong
  const toInTerm = state.principalFrozenDong - toOverdue
  const shiftDays = daysBetween(f.from, date)
  const instalments = state.instalments.map((i) =>
    i.status === 'pending' && compareDates(effectiveDueDate(i), f.from) >= 0 && compareDates(effectiveDueDate(i), date) < 0
      ? { ...i, extendedTo: addDays(effectiveDueDate(i), shiftDays) }
      : i,
  )
  const next: LoanState = {
    ...state, status: 'active', freeze: null, instalments,
    principalFrozenDong: 0n, principalInTermDong: state.principalInTermDong + toInTerm, principalOverdueDong: state.principalOverdueDong + toOverdue,
  }
  const { terms } = context
  const postings = [
    ...move(principalAccount(terms, 'frozen'), principalAccount(terms, 'in_term'), toInTerm, state.id),
    ...move(principalAccount(terms, 'frozen'), principalAccount(terms, 'overdue'), toOverdue, state.id),
  ]
  return ok({ next, entries: postings.length ? [{ kind: 'loan.unfreeze', postings }] : [] })
}

/** Write-off (xóa nợ): principal from frozen, then overdue, then in-term; interest overdue first. */
function writeOff(state: LoanState, principalDong: bigint, interestDong: bigint, context: LoanContext): Result<Transition> {
  if (principalDong < 0n || interestDong < 0n || principalDong + interestDong === 0n) return fail('amount_not_positive')
  const principalTotal = state.principalFrozenDong + state.principalOverdueDong + state.principalInTermDong
  const interestTotal = state.interestDong + state.overdueInterestDong
  if (principalDong > principalTotal || interestDong > interestTotal)
    return fail('write_off_exceeds_outstanding', { principalDong: principalTotal.toString(), interestDong: interestTotal.toString() })
  const { terms } = context
  const reserve: AccountRef = { kind: 'risk_reserve', capitalSource: terms.capitalSource }
  const writtenOff: AccountRef = { kind: 'interest_written_off', program: terms.programCode, capitalSource: terms.capitalSource }
  let left = principalDong
  const part = (balance: bigint) => {
    const v = left < balance ? left : balance
    left -= v
    return v
  }
  const fromFrozen = part(state.principalFrozenDong)
  const fromOverdue = part(state.principalOverdueDong)
  const fromInTerm = part(state.principalInTermDong)
  const overdueInterest = interestDong < state.overdueInterestDong ? interestDong : state.overdueInterestDong
  const normalInterest = interestDong - overdueInterest
  const next: LoanState = {
    ...state,
    principalFrozenDong: state.principalFrozenDong - fromFrozen,
    principalOverdueDong: state.principalOverdueDong - fromOverdue,
    principalInTermDong: state.principalInTermDong - fromInTerm,
    overdueInterestDong: state.overdueInterestDong - overdueInterest,
    interestDong: state.interestDong - normalInterest,
    writtenOffPrincipalDong: state.writtenOffPrincipalDong + principalDong,
    writtenOffInterestDong: state.writtenOffInterestDong + interestDong,
    instalments: writeOffInstalments(state.instalments, principalDong),
  }
  const postings = [
    ...move(principalAccount(terms, 'frozen'), reserve, fromFrozen, state.id),
    ...move(principalAccount(terms, 'overdue'), reserve, fromOverdue, state.id),
    ...move(principalAccount(terms, 'in_term'), reserve, fromInTerm, state.id),
    ...move(interestAccount(terms, 'overdue'), writtenOff, overdueInterest, state.id),
    ...move(interestAccount(terms, 'normal'), writtenOff, normalInterest, state.id),
  ]
  return ok({ next, entries: [{ kind: 'loan.write_off', postings }] })
}

/** Written-off principal counts as settled on the earliest unpaid instalments. */
function writeOffInstalments(instalments: readonly Instalment[], amountDong: bigint): Instalment[] {
  let left = amountDong
  return instalments.map((i) => {
    if (left === 0n || i.status === 'paid') return i
    const v = left < unpaidOf(i) ? left : unpaidOf(i)
    left -= v
    const principalPaidDong = i.principalPaidDong + v
    return { ...i, principalPaidDong, status: principalPaidDong === i.principalDueDong ? ('paid' as const) : i.status }
  })
}

/** Gives up the undisbursed part: the last instalments shrink by it, and an empty loan closes. */
function cancelUndisbursed(state: LoanState): Result<Transition> {
  let left = state.approvedDong - state.disbursedDong
  if (left === 0n) return fail('nothing_undisbursed')
  const instalments = [...state.instalments].reverse().map((i) => {
    if (left === 0n) return i
    const v = left < unpaidOf(i) ? left : unpaidOf(i)
    left -= v
    const principalDueDong = i.principalDueDong - v
    return { ...i, principalDueDong, status: principalDueDong === i.principalPaidDong ? ('paid' as const) : i.status }
  }).reverse()
  assert(left === 0n, 'undisbursed principal fits the unpaid instalments')
  return ok({ next: { ...state, approvedDong: state.disbursedDong, instalments, status: state.disbursedDong === 0n ? 'closed' : state.status }, entries: [] })
}

function closeIfSettled(state: LoanState): LoanState {
  const settled = state.disbursedDong > 0n && state.disbursedDong === state.approvedDong &&
    state.principalInTermDong + state.principalOverdueDong + state.principalFrozenDong === 0n &&
    state.interestDong + state.overdueInterestDong === 0n
  return settled && state.status !== 'closed' ? { ...state, status: 'closed', freeze: null } : state
}

/** What must hold after every transition: no negative balance, principal consistent with instalments. */
export function assertInvariants(s: LoanState): void {
  for (const [name, v] of Object.entries({ inTerm: s.principalInTermDong, overdue: s.principalOverdueDong, frozen: s.principalFrozenDong, interest: s.interestDong, overdueInterest: s.overdueInterestDong }))
    assert(v >= 0n, `loan ${s.id}: ${name} balance is negative (${v})`)
  assert(s.disbursedDong <= s.approvedDong, 'disbursed within the approved amount')
  const outstanding = s.principalInTermDong + s.principalOverdueDong + s.principalFrozenDong
  const unpaid = s.instalments.reduce((sum, i) => sum + unpaidOf(i), 0n)
  assert(outstanding + (s.approvedDong - s.disbursedDong) === unpaid, `loan ${s.id}: outstanding ${outstanding} + undisbursed ≠ unpaid instalments ${unpaid}`)
  if (s.status === 'frozen') assert(s.freeze !== null, 'a frozen loan carries its freeze')
  if (s.status === 'closed') assert(outstanding === 0n, 'a closed loan owes nothing')
}
