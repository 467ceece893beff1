import type { AllocationPart, DayCount, RateSegment } from '../loans/index.js'
import { assert, compareDates, fail, ok, type LocalDate, type Result } from '../shared/index.js'
import type { EligibilityRule } from './eligibility.js'

/**
 * A program's terms for one period, as data with a legal basis. A rate is fixed, or a share of the
 * poor-household base rate ("127% of base") resolved by date against the base-rate history.
 */
export type RateRule =
  | { readonly kind: 'fixed'; readonly yearlyMicros: bigint }
  | { readonly kind: 'percent_of_base'; readonly percentMicros: bigint }

/** What a maximum amount is counted against. */
export type AmountBasis = 'household' | 'purpose' | 'worker' | 'study_month' | 'business' | 'contract_share'

export interface ProgramTerms {
  readonly rate: RateRule
  /** Overdue interest as a share of the contract rate (micros of one): 1_300_000 = 130%. */
  readonly overdueFactorMicros: bigint
  readonly maxAmount: { readonly basis: AmountBasis; readonly amountDong: bigint }
  readonly maxTermMonths: number
  readonly graceMonthsMax: number
  /** Months between principal instalments unless the application chooses otherwise. */
  readonly instalmentIntervalMonths: number
  readonly dayCount: DayCount
  readonly capitalSources: readonly string[]
  readonly allocationOrder: readonly AllocationPart[]
  readonly extensionMonthsMaxShortTerm: number
  readonly extensionShareMaxMicros: bigint
  readonly eligibility: EligibilityRule
  /**
   * When true, loans contracted under earlier terms of the program take this version's rate from
   * its start date (e.g. social housing 6,6% → 5,4% on 10/10/2025 for existing contracts).
   */
  readonly repriceExisting: boolean
}

/** One dated version of a program's terms. */
export interface TermsVersion {
  readonly id: number
  readonly validFrom: LocalDate
  readonly validTo: LocalDate | null
  readonly legalBasis: string
  readonly terms: ProgramTerms
}

/** A dated value of the poor-household base rate (lãi suất cho vay hộ nghèo). */
export interface BaseRate {
  readonly validFrom: LocalDate
  readonly yearlyMicros: bigint
}

/** The terms version in force on a date, or program_terms_missing. */
export function termsOn(versions: readonly TermsVersion[], date: LocalDate): Result<TermsVersion> {
  const found = versions.find((v) => compareDates(v.validFrom, date) <= 0 && (v.validTo === null || compareDates(date, v.validTo) <= 0))
  return found ? ok(found) : fail('program_terms_missing', { date })
}

/**
 * The yearly rate segments a loan accrues at: its contract's terms, changed only by later versions
 * that reprice existing contracts, each resolved against base-rate changes when it is relative.
 *
 * @example a social-housing loan of 2024 → [{from: contract date, 6,6%}, {from: 2025-10-10, 5,4%}]
 */
export function rateSegments(contract: TermsVersion, versions: readonly TermsVersion[], baseRates: readonly BaseRate[]): RateSegment[] {
  const applicable = [contract, ...versions.filter((v) => v.terms.repriceExisting && compareDates(v.validFrom, contract.validFrom) > 0)]
    .sort((a, b) => compareDates(a.validFrom, b.validFrom))
  const segments: RateSegment[] = []
  applicable.forEach((version, k) => {
    const until = applicable[k + 1]?.validFrom
    const rule = version.terms.rate
    if (rule.kind === 'fixed') {
      segments.push({ from: version.validFrom, yearlyMicros: rule.yearlyMicros })
      return
    }
    // A relative rate follows every base-rate change inside the version's period.
    const bases = [...baseRates].sort((a, b) => compareDates(a.validFrom, b.validFrom))
    const startBase = [...bases].reverse().find((b) => compareDates(b.validFrom, version.validFrom) <= 0)
    assert(startBase !== undefined, `no base rate on ${version.validFrom}`)
    segments.push({ from: version.validFrom, yearlyMicros: percentOfBase(startBase.yearlyMicros, rule.percentMicros) })
    for (const b of bases)
      if (compareDates(b.validFrom, version.validFrom) > 0 && (until === undefined || compareDates(b.validFrom, until) < 0))
        segments.push({ from: b.validFrom, yearlyMicros: percentOfBase(b.yearlyMicros, rule.percentMicros) })
  })
  return segments
}

/**
 * "127% of the base rate": base × percent, in micros. Exact for the rates in force (6,6% × 127% =
 * 8,382% = 83_820 micros); a result that is not a whole micro is rounded half up, which the
 * program's decree does in its own text (rates are quoted to the thousandth of a percent).
 */
export function percentOfBase(baseYearlyMicros: bigint, percentMicros: bigint): bigint {
  return (baseYearlyMicros * percentMicros + 500_000n) / 1_000_000n
}
