import { addDays, dayOf, fail, fromYmd, ok, type LocalDate, type Result } from '../shared/index.js'

/** Rà soát định kỳ (annual, 1 Sep – 14 Dec) or thường xuyên (ad hoc, on a household's request). */
export const REVIEW_KINDS = ['annual', 'ad_hoc'] as const
export type ReviewKind = (typeof REVIEW_KINDS)[number]

export const REVIEW_STATUSES = ['surveying', 'meeting', 'posting', 'decided', 'cancelled'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** What the transition function needs to know of a review. */
export interface ReviewState {
  readonly kind: ReviewKind
  readonly status: ReviewStatus
  readonly openedOn: LocalDate
  readonly meetingDate: LocalDate | null
  readonly postingTo: LocalDate | null
  /** Households surveyed so far: a meeting or a decision needs at least one. */
  readonly assessedCount: number
}

export type ReviewEvent =
  | { readonly type: 'record_survey' }
  | { readonly type: 'record_meeting'; readonly meetingDate: LocalDate; readonly attendees: number; readonly agreeing: number }
  | { readonly type: 'record_posting'; readonly postingFrom: LocalDate; readonly postingTo: LocalDate }
  | { readonly type: 'decide'; readonly decisionNumber: string; readonly decisionDate: LocalDate }
  | { readonly type: 'cancel' }

export const REVIEW_EVENT_TYPES = ['record_survey', 'record_meeting', 'record_posting', 'decide', 'cancel'] as const satisfies readonly ReviewEvent['type'][]

/**
 * Which event each status accepts. An ad-hoc review (one household, decided within 15 days) may
 * go from surveying straight to the decision; an annual one goes through the village meeting and
 * the public posting.
 */
function accepts(state: ReviewState, type: ReviewEvent['type']): boolean {
  switch (state.status) {
    case 'surveying':
      return type === 'record_survey' || type === 'record_meeting' || type === 'cancel' || (type === 'decide' && state.kind === 'ad_hoc')
    case 'meeting':
      return type === 'record_posting' || type === 'cancel'
    case 'posting':
      return type === 'decide' || type === 'cancel'
    case 'decided':
    case 'cancelled':
      return false
  }
}

/**
 * The review's one state machine: surveying → meeting → posting → decided, or cancelled before
 * the decision. Returns the next state or the named rule the event breaks; it has no side effects.
 *
 * @example transition({ kind: 'annual', status: 'surveying', …, assessedCount: 3 }, { type: 'record_meeting', meetingDate, attendees: 40, agreeing: 20 }) // ok({ status: 'meeting', … })
 */
export function transition(state: ReviewState, event: ReviewEvent): Result<ReviewState> {
  if (!accepts(state, event.type)) return fail('poverty_review_transition_invalid', { status: state.status, kind: state.kind, event: event.type })
  switch (event.type) {
    case 'record_survey':
      return ok(state)
    case 'record_meeting': {
      if (state.assessedCount === 0) return fail('poverty_review_nothing_assessed')
      const { attendees, agreeing } = event
      if (!Number.isInteger(attendees) || !Number.isInteger(agreeing) || attendees < 1 || agreeing < 0 || agreeing > attendees)
        return fail('poverty_meeting_counts_invalid', { attendees, agreeing })
      // At least half of those attending must agree (Decision 24/2021/QĐ-TTg): 2 × agreeing ≥ attendees.
      if (2 * agreeing < attendees) return fail('poverty_meeting_agreement_insufficient', { attendees, agreeing })
      if (event.meetingDate < state.openedOn) return fail('poverty_dates_out_of_order', { openedOn: state.openedOn, meetingDate: event.meetingDate })
      return ok({ ...state, status: 'meeting', meetingDate: event.meetingDate })
    }
    case 'record_posting': {
      const after = state.meetingDate ?? state.openedOn
      if (event.postingFrom < after || event.postingTo < event.postingFrom)
        return fail('poverty_dates_out_of_order', { meetingDate: state.meetingDate, postingFrom: event.postingFrom, postingTo: event.postingTo })
      return ok({ ...state, status: 'posting', postingTo: event.postingTo })
    }
    case 'decide': {
      if (state.assessedCount === 0) return fail('poverty_review_nothing_assessed')
      if (event.decisionNumber.trim().length === 0) return fail('poverty_decision_number_required')
      // The chairman decides once the posting period is over (or, ad hoc, after the review opened).
      const after = state.postingTo ?? state.openedOn
      if (event.decisionDate < after) return fail('poverty_dates_out_of_order', { after, decisionDate: event.decisionDate })
      return ok({ ...state, status: 'decided' })
    }
    case 'cancel':
      return ok({ ...state, status: 'cancelled' })
  }
}

/** The annual review window of a year: 1 September to 14 December (Decision 24/2021/QĐ-TTg). */
export function annualReviewWindow(year: number): { readonly from: LocalDate; readonly to: LocalDate } {
  return { from: fromYmd(year, 9, 1), to: fromYmd(year, 12, 14) }
}

/**
 * An annual review of `year` opens on a date inside its window, never later than today. Opening
 * after the window is allowed only when the date given (the survey's date) lies inside it.
 *
 * @example checkAnnualOpening(2026, '2026-09-15', '2026-11-21') // ok
 * @example checkAnnualOpening(2026, '2026-08-31', '2026-11-21') // fail('poverty_review_outside_window')
 */
export function checkAnnualOpening(year: number, openedOn: LocalDate, today: LocalDate): Result<void> {
  if (openedOn > today) return fail('poverty_date_in_future', { date: openedOn, today })
  return checkInAnnualWindow(year, openedOn)
}

/** A date of an annual review's survey must lie inside the year's window. */
export function checkInAnnualWindow(year: number, on: LocalDate): Result<void> {
  const window = annualReviewWindow(year)
  if (on < window.from || on > window.to) return fail('poverty_review_outside_window', { year, date: on, from: window.from, to: window.to })
  return ok(undefined)
}

/** Days within which an ad-hoc request must be decided. */
export const AD_HOC_DECISION_DAYS = 15
/** Ad-hoc reviews run in any month from this day of the month on. */
export const AD_HOC_FIRST_DAY = 15

/**
 * An ad-hoc review opens on the household's request, on or after the 15th of the month, never in
 * the future; the decision is due 15 days after the request.
 *
 * @example checkAdHocOpening('2026-11-10', '2026-11-16', '2026-11-21') // ok({ dueOn: '2026-11-25' })
 */
export function checkAdHocOpening(requestedOn: LocalDate, openedOn: LocalDate, today: LocalDate): Result<{ readonly dueOn: LocalDate }> {
  if (openedOn > today || requestedOn > today) return fail('poverty_date_in_future', { date: openedOn > today ? openedOn : requestedOn, today })
  if (requestedOn > openedOn) return fail('poverty_dates_out_of_order', { requestedOn, openedOn })
  if (dayOf(openedOn) < AD_HOC_FIRST_DAY) return fail('poverty_adhoc_before_15th', { openedOn })
  return ok({ dueOn: addDays(requestedOn, AD_HOC_DECISION_DAYS) })
}

/** An ad-hoc request is overdue when it is still open after its due date. */
export function isOverdue(review: { readonly status: ReviewStatus; readonly dueOn: LocalDate | null }, asOf: LocalDate): boolean {
  return review.dueOn !== null && review.status !== 'decided' && review.status !== 'cancelled' && review.dueOn < asOf
}

/**
 * The date whose standard an assessment uses. The annual review of year Y sets the lists for
 * Y + 1, so it uses the standard in force on 1 January Y + 1 (the 2021 review applied the
 * 2022–2025 standard; the 2026 review applies the 2027–2030 one). An ad-hoc review uses the
 * standard in force on the survey date.
 *
 * @example standardDateFor('annual', 2026, '2026-10-01') // '2027-01-01'
 */
export function standardDateFor(kind: ReviewKind, year: number, surveyedOn: LocalDate): LocalDate {
  return kind === 'annual' ? fromYmd(year + 1, 1, 1) : surveyedOn
}
