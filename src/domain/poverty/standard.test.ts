import { describe, expect, it } from 'vitest'
import { STANDARD_2016, STANDARD_2022 } from '../../../test/support/poverty-standards.js'
import { orThrow } from '../shared/index.js'
import { parseStandardRules, standardRulesToJson } from './standard.js'

const json = () => standardRulesToJson(STANDARD_2022.rules) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests bend the JSON freely

describe('parseStandardRules', () => {
  it('reads back what it writes: money as integer strings, everything else as is', () => {
    const written = json()
    expect(written.incomeLinesDong).toEqual({ rural: '1500000', urban: '2000000' })
    expect(orThrow(parseStandardRules(JSON.parse(JSON.stringify(written))))).toEqual(STANDARD_2022.rules)
  })

  it.each([
    ['a line written as a number', (j: any) => ({ ...j, incomeLinesDong: { rural: 1500000, urban: '2000000' } }), 'incomeLinesDong.rural'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a zero line', (j: any) => ({ ...j, incomeLinesDong: { rural: '0', urban: '2000000' } }), 'incomeLinesDong.rural'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an average line not above the income line', (j: any) => ({ ...j, averageLivingLinesDong: { rural: '1500000', urban: '3000000' } }), 'averageLivingLinesDong.rural'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['no dimensions', (j: any) => ({ ...j, dimensions: [] }), 'dimensions'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a poor threshold above the indicator count', (j: any) => ({ ...j, classification: { poorMinDeprivations: 13 } }), 'classification.poorMinDeprivations'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a lower poor-income line not below the income line', (j: any) => ({ ...j, classification: { poorMinDeprivations: 3, poorIncomeLinesDong: { rural: '1500000', urban: '1500000' } } }), 'classification.poorIncomeLinesDong.rural'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a lower poor-income line written as a number', (j: any) => ({ ...j, classification: { poorMinDeprivations: 3, poorIncomeLinesDong: { rural: '700000', urban: 900000 } } }), 'classification.poorIncomeLinesDong.urban'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a fractional poor threshold', (j: any) => ({ ...j, classification: { poorMinDeprivations: 2.5 } }), 'classification.poorMinDeprivations'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an unknown derivation', (j: any) => ({ ...j, dimensions: [{ ...j.dimensions[0], indicators: [{ ...j.dimensions[0].indicators[0], derivation: { kind: 'guess' } }] }] }), 'dimensions[0].indicators[0].derivation.kind'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a duplicated indicator code', (j: any) => ({ ...j, dimensions: [j.dimensions[0], { ...j.dimensions[1], indicators: j.dimensions[0].indicators }] }), 'dimensions'], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('refuses %s, naming the path', (_name, bend, path) => {
    expect(parseStandardRules(bend(json()))).toMatchObject({ ok: false, code: 'poverty_standard_rules_invalid', details: { path } })
  })

  it('reads back the two-tier standard of Decision 59/2015 (lower poor-income line kept as integer strings)', () => {
    const written = standardRulesToJson(STANDARD_2016.rules) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(written.classification).toEqual({ poorMinDeprivations: 3, poorIncomeLinesDong: { rural: '700000', urban: '900000' } })
    expect(orThrow(parseStandardRules(JSON.parse(JSON.stringify(written))))).toEqual(STANDARD_2016.rules)
    expect(STANDARD_2016.rules.dimensions.flatMap((d) => d.indicators)).toHaveLength(10)
    expect(json().classification).toEqual({ poorMinDeprivations: 3 })
  })

  it('refuses something that is not an object', () => {
    expect(parseStandardRules('rules')).toMatchObject({ ok: false, code: 'poverty_standard_rules_invalid' })
    expect(parseStandardRules(null)).toMatchObject({ ok: false, code: 'poverty_standard_rules_invalid' })
  })
})
