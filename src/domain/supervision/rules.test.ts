import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultParamsJson, isRuleName, parseRuleParams, RULE_NAMES, RULES } from './rules.js'

describe('the red-flag rule catalogue', () => {
  it('documents every rule in both languages with defaults inside their bounds', () => {
    for (const name of RULE_NAMES) {
      const spec = RULES[name]
      expect(spec.name).toBe(name)
      expect(spec.titleVi && spec.titleEn && spec.catchesVi && spec.catchesEn).toBeTruthy()
      for (const p of Object.values(spec.params)) expect(p.default >= p.min && p.default <= p.max).toBe(true)
      expect(parseRuleParams(name, defaultParamsJson(name))).toMatchObject({ ok: true })
    }
  })

  it('reads stored parameters over the defaults, from numbers or decimal strings', () => {
    expect(parseRuleParams('dormant_loan', {})).toEqual({ ok: true, value: { months: 3n } })
    expect(parseRuleParams('dormant_loan', { months: 6 })).toEqual({ ok: true, value: { months: 6n } })
    expect(parseRuleParams('cross_program_exposure', { maxCombinedDong: '150000000' })).toEqual({ ok: true, value: { maxCombinedDong: 150_000_000n } })
    expect(parseRuleParams('approver_is_maker', null)).toEqual({ ok: true, value: {} })
  })

  it('refuses unknown keys, fractions, text and values out of bounds', () => {
    expect(parseRuleParams('dormant_loan', { month: 3 })).toMatchObject({ ok: false, code: 'flag_rule_params_invalid', details: { reason: 'unknown' } })
    expect(parseRuleParams('dormant_loan', { months: 2.5 })).toMatchObject({ ok: false, details: { reason: 'not_integer' } })
    expect(parseRuleParams('dormant_loan', { months: 'three' })).toMatchObject({ ok: false, details: { reason: 'not_integer' } })
    expect(parseRuleParams('dormant_loan', { months: 0 })).toMatchObject({ ok: false, details: { reason: 'out_of_range' } })
    expect(parseRuleParams('repeated_leader_shortfalls', { months: 1 })).toMatchObject({ ok: false, details: { reason: 'out_of_range' } })
    expect(parseRuleParams('dormant_loan', [3])).toMatchObject({ ok: false })
  })

  it('accepts exactly the whole numbers within a parameter\'s bounds', () => {
    const spec = RULES.dormant_loan.params.months!
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
      const inBounds = BigInt(n) >= spec.min && BigInt(n) <= spec.max
      expect(parseRuleParams('dormant_loan', { months: n }).ok).toBe(inBounds)
    }))
  })

  it('knows its rule names and nothing else', () => {
    expect(isRuleName('dormant_loan')).toBe(true)
    expect(isRuleName('leader_remittance_shortfall')).toBe(false)
  })
})
