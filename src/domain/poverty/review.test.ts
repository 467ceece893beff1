import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import {
  checkAdHocOpening, checkAnnualOpening, checkInAnnualWindow, isOverdue, REVIEW_EVENT_TYPES, REVIEW_KINDS, REVIEW_STATUSES,
  standardDateFor, transition, type ReviewEvent, type ReviewKind, type ReviewState, type ReviewStatus,
} from './review.js'

const d = (s: string) => s as LocalDate
const EVENTS: Record<ReviewEvent['type'], ReviewEvent> = {
  record_survey: { type: 'record_survey' },
  record_meeting: { type: 'record_meeting', meetingDate: d('2026-10-20'), attendees: 40, agreeing: 20 },
  record_posting: { type: 'record_posting', postingFrom: d('2026-10-21'), postingTo: d('2026-10-27') },
  decide: { type: 'decide', decisionNumber: '125/QĐ-UBND', decisionDate: d('2026-11-02') },
  cancel: { type: 'cancel' },
}
const state = (kind: ReviewKind, status: ReviewStatus, extra: Partial<ReviewState> = {}): ReviewState => ({
  kind, status, openedOn: d('2026-09-15'), meetingDate: status === 'surveying' ? null : d('2026-10-20'), postingTo: status === 'posting' || status === 'decided' ? d('2026-10-27') : null, assessedCount: 3, ...extra,
})

/** What each (status, event) pair leads to, for both kinds: a next status or the refusal's code. */
const EXPECTED: Record<ReviewKind, Record<ReviewStatus, Record<ReviewEvent['type'], ReviewStatus | 'refused'>>> = {
  annual: {
    surveying: { record_survey: 'surveying', record_meeting: 'meeting', record_posting: 'refused', decide: 'refused', cancel: 'cancelled' },
    meeting: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'posting', decide: 'refused', cancel: 'cancelled' },
    posting: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'decided', cancel: 'cancelled' },
    decided: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'refused', cancel: 'refused' },
    cancelled: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'refused', cancel: 'refused' },
  },
  ad_hoc: {
    surveying: { record_survey: 'surveying', record_meeting: 'meeting', record_posting: 'refused', decide: 'decided', cancel: 'cancelled' },
    meeting: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'posting', decide: 'refused', cancel: 'cancelled' },
    posting: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'decided', cancel: 'cancelled' },
    decided: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'refused', cancel: 'refused' },
    cancelled: { record_survey: 'refused', record_meeting: 'refused', record_posting: 'refused', decide: 'refused', cancel: 'refused' },
  },
}

describe('transition: every (state, event) pair', () => {
  for (const kind of REVIEW_KINDS)
    for (const status of REVIEW_STATUSES)
      for (const type of REVIEW_EVENT_TYPES) {
        const expected = EXPECTED[kind][status][type]
        it(`${kind}: ${status} + ${type} → ${expected}`, () => {
          const result = transition(state(kind, status), EVENTS[type])
          if (expected === 'refused') expect(result).toMatchObject({ ok: false, code: 'poverty_review_transition_invalid', details: { status, event: type } })
          else expect(result).toMatchObject({ ok: true, value: { status: expected } })
        })
      }
})

describe('transition: the rules inside a step', () => {
  const surveying = state('annual', 'surveying')
  const meeting = (attendees: number, agreeing: number): ReviewEvent => ({ type: 'record_meeting', meetingDate: d('2026-10-20'), attendees, agreeing })

  it('lets the list proceed when exactly half of those attending agree, and not one fewer', () => {
    expect(transition(surveying, meeting(40, 20))).toMatchObject({ ok: true, value: { status: 'meeting', meetingDate: '2026-10-20' } })
    expect(transition(surveying, meeting(41, 20))).toMatchObject({ ok: false, code: 'poverty_meeting_agreement_insufficient' })
    expect(transition(surveying, meeting(41, 21))).toMatchObject({ ok: true })
  })

  it('refuses impossible counts', () => {
    for (const [attendees, agreeing] of [[0, 0], [10, 11], [10, -1], [10.5, 6]] as const)
      expect(transition(surveying, meeting(attendees, agreeing))).toMatchObject({ ok: false, code: 'poverty_meeting_counts_invalid' })
  })

  it('needs at least one surveyed household before a meeting or a decision', () => {
    expect(transition({ ...surveying, assessedCount: 0 }, meeting(10, 10))).toMatchObject({ ok: false, code: 'poverty_review_nothing_assessed' })
    expect(transition(state('ad_hoc', 'surveying', { assessedCount: 0 }), EVENTS.decide)).toMatchObject({ ok: false, code: 'poverty_review_nothing_assessed' })
  })

  it('keeps the dates in order: meeting after opening, posting after the meeting, decision after the posting ends', () => {
    expect(transition(surveying, { ...meeting(10, 10), meetingDate: d('2026-09-14') } as ReviewEvent)).toMatchObject({ ok: false, code: 'poverty_dates_out_of_order' })
    const m = state('annual', 'meeting')
    expect(transition(m, { type: 'record_posting', postingFrom: d('2026-10-19'), postingTo: d('2026-10-25') })).toMatchObject({ ok: false, code: 'poverty_dates_out_of_order' })
    expect(transition(m, { type: 'record_posting', postingFrom: d('2026-10-22'), postingTo: d('2026-10-21') })).toMatchObject({ ok: false, code: 'poverty_dates_out_of_order' })
    const p = state('annual', 'posting')
    expect(transition(p, { type: 'decide', decisionNumber: '1/QĐ', decisionDate: d('2026-10-26') })).toMatchObject({ ok: false, code: 'poverty_dates_out_of_order' })
    expect(transition(p, { type: 'decide', decisionNumber: '1/QĐ', decisionDate: d('2026-10-27') })).toMatchObject({ ok: true })
    expect(transition(p, { type: 'decide', decisionNumber: '  ', decisionDate: d('2026-10-27') })).toMatchObject({ ok: false, code: 'poverty_decision_number_required' })
  })
})

describe('review windows', () => {
  it('opens an annual review from 1 September to 14 December of its year only', () => {
    const today = d('2027-06-01')
    expect(checkAnnualOpening(2026, d('2026-09-01'), today)).toMatchObject({ ok: true })
    expect(checkAnnualOpening(2026, d('2026-12-14'), today)).toMatchObject({ ok: true })
    expect(checkAnnualOpening(2026, d('2026-08-31'), today)).toMatchObject({ ok: false, code: 'poverty_review_outside_window' })
    expect(checkAnnualOpening(2026, d('2026-12-15'), today)).toMatchObject({ ok: false, code: 'poverty_review_outside_window' })
    expect(checkAnnualOpening(2025, d('2026-10-01'), today)).toMatchObject({ ok: false, code: 'poverty_review_outside_window' })
    expect(checkInAnnualWindow(2026, d('2026-11-30'))).toMatchObject({ ok: true })
  })

  it('refuses a date after today', () => {
    expect(checkAnnualOpening(2026, d('2026-09-16'), d('2026-09-15'))).toMatchObject({ ok: false, code: 'poverty_date_in_future' })
  })

  it('opens an ad-hoc review from the 15th of a month, due 15 days after the request', () => {
    expect(checkAdHocOpening(d('2026-11-10'), d('2026-11-15'), d('2026-11-21'))).toEqual({ ok: true, value: { dueOn: '2026-11-25' } })
    expect(checkAdHocOpening(d('2026-11-10'), d('2026-11-14'), d('2026-11-21'))).toMatchObject({ ok: false, code: 'poverty_adhoc_before_15th' })
    expect(checkAdHocOpening(d('2026-11-16'), d('2026-11-15'), d('2026-11-21'))).toMatchObject({ ok: false, code: 'poverty_dates_out_of_order' })
    expect(checkAdHocOpening(d('2026-11-15'), d('2026-11-22'), d('2026-11-21'))).toMatchObject({ ok: false, code: 'poverty_date_in_future' })
  })

  it('calls an open request overdue the day after its due date, never a decided one', () => {
    expect(isOverdue({ status: 'surveying', dueOn: d('2026-11-25') }, d('2026-11-25'))).toBe(false)
    expect(isOverdue({ status: 'surveying', dueOn: d('2026-11-25') }, d('2026-11-26'))).toBe(true)
    expect(isOverdue({ status: 'posting', dueOn: d('2026-11-25') }, d('2026-12-26'))).toBe(true)
    expect(isOverdue({ status: 'decided', dueOn: d('2026-11-25') }, d('2026-12-26'))).toBe(false)
    expect(isOverdue({ status: 'cancelled', dueOn: d('2026-11-25') }, d('2026-12-26'))).toBe(false)
    expect(isOverdue({ status: 'surveying', dueOn: null }, d('2026-12-26'))).toBe(false)
  })

  it('classifies an annual review of year Y under the standard of 1 January Y+1, an ad-hoc one under the survey date', () => {
    expect(standardDateFor('annual', 2026, d('2026-10-01'))).toBe('2027-01-01')
    expect(standardDateFor('ad_hoc', 2026, d('2026-10-01'))).toBe('2026-10-01')
  })
})
