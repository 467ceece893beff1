import { describe, expect, it } from 'vitest'
import { answers, STANDARD_2022 } from '../../../test/support/poverty-standards.js'
import { dong, orThrow, type LocalDate } from '../shared/index.js'
import { assess } from './classify.js'
import { ageOn, deriveIndicators, type MemberFacts, type SurveyFacts } from './indicators.js'

const ON = '2026-10-01' as LocalDate
const member = (id: string, birthDate: string | null, healthInsured: boolean | null = true, inSchool: boolean | null = null): MemberFacts => ({
  personId: id, birthDate: birthDate as LocalDate | null, healthInsured, inSchool,
})
/** Answers for every indicator but the three the 2022 standard can derive. */
function otherAnswers(deprived = false): Record<string, boolean> {
  const { health_insurance: _h, school_attendance: _s, floor_area: _f, ...rest } = answers(STANDARD_2022, 0)
  return Object.fromEntries(Object.keys(rest).map((k) => [k, deprived]))
}
const facts = (members: MemberFacts[], floorAreaM2: number | null, extra: Record<string, boolean> = {}): SurveyFacts => ({ members, floorAreaM2, answers: { ...otherAnswers(), ...extra } })
const outcome = (f: SurveyFacts, code: string) => orThrow(deriveIndicators(STANDARD_2022.rules, f, ON)).find((o) => o.code === code)

describe('ageOn', () => {
  it('counts whole years, the birthday counting from its day', () => {
    expect(ageOn('2010-10-01' as LocalDate, ON)).toBe(16)
    expect(ageOn('2010-10-02' as LocalDate, ON)).toBe(15)
    expect(ageOn('2008-02-29' as LocalDate, '2026-02-28' as LocalDate)).toBe(17)
    expect(ageOn('2008-02-29' as LocalDate, '2026-03-01' as LocalDate)).toBe(18)
  })
})

describe('deriveIndicators', () => {
  const adults = [member('1', '1980-01-01'), member('2', '1985-05-05')]

  it('derives health insurance from members aged 6 or over: one uninsured member deprives the household', () => {
    const o = outcome(facts([...adults, member('3', '2019-01-01', false, true)], 40), 'health_insurance')
    expect(o).toMatchObject({ deprived: true, source: 'derived' })
    expect(o?.reason.en).toContain('3')
  })

  it('ignores an uninsured child under 6', () => {
    expect(outcome(facts([...adults, member('3', '2021-01-01', false, true)], 40), 'health_insurance')).toMatchObject({ deprived: false, source: 'derived' })
  })

  it('derives school attendance for children aged 3 to under 16 only', () => {
    const at = (birth: string) => outcome(facts([...adults, member('3', birth, true, false)], 40), 'school_attendance')
    expect(at('2023-10-01')).toMatchObject({ deprived: true, source: 'derived' }) // exactly 3
    expect(at('2023-10-02')).toMatchObject({ deprived: false, source: 'derived' }) // not yet 3
    expect(at('2010-10-02')).toMatchObject({ deprived: true, source: 'derived' }) // 15
    expect(at('2010-10-01')).toMatchObject({ deprived: false, source: 'derived' }) // 16
  })

  it('derives floor area per person against 8 m² without dividing: 24 m² for 3 is not deprived, 23.5 m² is', () => {
    const three = [...adults, member('3', '2000-01-01')]
    expect(outcome(facts(three, 24), 'floor_area')).toMatchObject({ deprived: false, source: 'derived' })
    expect(outcome(facts(three, 23.5), 'floor_area')).toMatchObject({ deprived: true, source: 'derived' })
  })

  it('falls back to the survey answer when facts are missing, and keeps the answer even when facts decide', () => {
    const unknownInsurance = facts([...adults, member('3', '2000-01-01', null)], null, { health_insurance: true, floor_area: false, school_attendance: false })
    expect(outcome(unknownInsurance, 'health_insurance')).toMatchObject({ deprived: true, source: 'answered', answered: true })
    expect(outcome(unknownInsurance, 'floor_area')).toMatchObject({ deprived: false, source: 'answered' })
    const overridden = facts(adults, 40, { floor_area: true })
    expect(outcome(overridden, 'floor_area')).toMatchObject({ deprived: false, source: 'derived', answered: true })
  })

  it('lets a certain lack decide even when another member\'s age is unknown', () => {
    const f = facts([...adults, member('3', null, null), member('4', '2000-01-01', false)], 40, { school_attendance: false })
    expect(outcome(f, 'health_insurance')).toMatchObject({ deprived: true, source: 'derived' })
  })

  it('refuses a survey that leaves an indicator undecided, or answers one the standard does not have', () => {
    const undecided = deriveIndicators(STANDARD_2022.rules, facts([...adults, member('3', null)], null), ON)
    expect(undecided).toMatchObject({ ok: false, code: 'poverty_indicator_unanswered' })
    expect(undecided.ok ? [] : (undecided.details?.codes as string[]).sort()).toEqual(['floor_area', 'health_insurance', 'school_attendance'])
    expect(deriveIndicators(STANDARD_2022.rules, facts(adults, 40, { waste_treatment: false }), ON)).toMatchObject({ ok: false, code: 'poverty_indicator_unknown' })
  })

  it('assess derives then classifies: two answered deprivations plus a derived one make a poor household', () => {
    const f = facts([...adults, member('3', '2015-01-01', true, false)], 40, { employment: true, domestic_water: true })
    const result = orThrow(assess(STANDARD_2022, 'rural', dong(1_400_000), f, ON))
    expect(result.classification.class).toBe('poor')
    expect(result.classification.deprivations).toEqual(['employment', 'school_attendance', 'domestic_water'])
    expect(result.indicators).toHaveLength(12)
  })
})
