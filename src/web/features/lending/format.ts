// Display helpers of the lending pages: calendar dates, rates, periods, program terms and ledger
// accounts in the reader's language. Integer arithmetic only: rates are micros, money is đồng.
import dayjs, { type Dayjs } from 'dayjs'
import { ACCOUNT_KINDS, isAccountKind } from '../../../domain/ledger/index.js'
import type { EligibilityRule, ProgramTermsJson } from '../../../domain/programs/index.js'
import { formatPercentMicros, parseDong } from '../../../domain/shared/index.js'
import { formatDong, formatVnDate } from '../../shared/format.js'
import type { Dictionary } from '../../shared/i18n.js'
import type { Locale } from '../../shared/types.js'
import type { Program, TermsVersion } from './api.js'

/** '2026-03-10' → '10/03/2026'; empty for none. */
export const day = (date: string | null | undefined): string => (date ? formatVnDate(date) : '—')

/** '2026-03' → '03/2026'. */
export const periodText = (period: string): string => (/^\d{4}-\d{2}$/.test(period) ? `${period.slice(5, 7)}/${period.slice(0, 4)}` : period)

/** Today in Vietnam (UTC+7), as 'YYYY-MM-DD'. */
export function todayVn(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
}

/** A date picker's value as the API's 'YYYY-MM-DD', and back. */
export const isoDay = (d: Dayjs): string => d.format('YYYY-MM-DD')
export const fromIsoDay = (s: string): Dayjs => dayjs(s)

/** Money typed by a person ('30.000.000', '30000000') as the API's integer string; undefined when it is not whole đồng > 0. */
export function moneyInput(text: string | undefined): string | undefined {
  const parsed = parseDong((text ?? '').trim())
  return parsed.ok && parsed.value > 0n ? parsed.value.toString() : undefined
}

/** Sum of integer strings of đồng, as an integer string. */
export const sumDong = (...amounts: readonly string[]): string => amounts.reduce((total, a) => total + BigInt(a), 0n).toString()

/** A yearly rate in micros as '6,6%/năm (0,55%/tháng)'; the monthly figure rounded to a micro only for display. */
export function yearlyRateText(yearlyMicros: string, t: Dictionary, locale: Locale): string {
  const yearly = BigInt(yearlyMicros)
  const monthly = (yearly + 6n) / 12n
  return t.lending.programs.rateYearMonth(formatPercentMicros(yearly, locale), `${yearly % 12n === 0n ? '' : '≈'}${formatPercentMicros(monthly, locale)}`)
}

/** The rate a version resolves to on a date (its last segment starting on or before it), else its first. */
export function rateOn(version: TermsVersion, date: string): string | undefined {
  const segments = [...version.rates].sort((a, b) => a.from.localeCompare(b.from))
  return ([...segments].reverse().find((s) => s.from <= date) ?? segments[0])?.yearlyMicros
}

/** How a version states its rate: fixed, or a share of the base rate with what that comes to. */
export function rateRuleText(version: TermsVersion, t: Dictionary, locale: Locale, date: string): string {
  const resolved = rateOn(version, date)
  const value = resolved === undefined ? '' : yearlyRateText(resolved, t, locale)
  const rule = version.terms.rate
  if (rule.kind === 'fixed') return value
  return `${t.lending.programs.rateOfBase(formatPercentMicros(BigInt(rule.percentMicros), locale))}${value ? ` = ${value}` : ''}`
}

export function overdueText(terms: ProgramTermsJson, t: Dictionary, locale: Locale): string {
  return t.lending.programs.overdueOf(formatPercentMicros(BigInt(terms.overdueFactorMicros ?? '1300000'), locale))
}

export function maxAmountText(terms: ProgramTermsJson, t: Dictionary, locale: Locale): string {
  const { basis, amountDong } = terms.maxAmount
  if (basis === 'contract_share') return t.lending.programs.basis.contract_share(formatPercentMicros(BigInt(amountDong), locale))
  return t.lending.programs.basis[basis](formatDong(amountDong))
}

/** The version in force on a date, if any. */
export function versionOn(program: Program, date: string): TermsVersion | undefined {
  return program.versions.find((v) => v.validFrom <= date && (v.validTo === null || date <= v.validTo))
}

/** The eligibility rule as short sentences. */
export function eligibilityLines(rule: EligibilityRule | undefined, t: Dictionary): string[] {
  const r = t.lending.eligibilityRule
  const classes = (list: readonly string[]) => list.map((c) => t.lending.classes[c] ?? c).join(', ')
  const lines: string[] = []
  if (!rule) return [r.none]
  if (rule.householdClasses?.length) lines.push(r.householdClasses(classes(rule.householdClasses)))
  if (rule.excludedClasses?.length) lines.push(r.excludedClasses(classes(rule.excludedClasses)))
  if (rule.residence?.length) lines.push(r.residence(rule.residence.map((x) => t.lending.residences[x] ?? x).join(', ')))
  if (rule.listedAreasOnly) lines.push(r.listedAreasOnly)
  if (rule.excludesOutstandingPrograms?.length) lines.push(r.excludesOutstandingPrograms(rule.excludesOutstandingPrograms.join(', ')))
  if (rule.groupMemberRequired) lines.push(r.groupMemberRequired)
  return lines.length ? lines : [r.none]
}

/**
 * Why eligibility was refused, from a `borrower_not_eligible` error's details
 * (`{ condition, required, excluded, actual, conflicting }`).
 */
export function refusalReason(details: unknown, t: Dictionary): string | undefined {
  const d = (details ?? {}) as { condition?: string; required?: unknown; excluded?: unknown; actual?: unknown; conflicting?: unknown }
  const list = (v: unknown, labels: Record<string, string>) => (Array.isArray(v) ? v.map((x) => labels[String(x)] ?? String(x)).join(', ') : typeof v === 'string' ? labels[v] ?? v : '')
  const r = t.lending.refusal
  switch (d.condition) {
    case 'householdClasses':
      return r.householdClasses(list(d.required, t.lending.classes), list(d.actual, t.lending.classes) || t.lending.unclassified)
    case 'excludedClasses':
      return r.excludedClasses(list(d.excluded, t.lending.classes), list(d.actual, t.lending.classes))
    case 'residence':
      return r.residence(list(d.required, t.lending.residences), list(d.actual, t.lending.residences))
    case 'listedAreasOnly':
      return r.listedAreasOnly
    case 'excludesOutstandingPrograms':
      return r.excludesOutstandingPrograms(list(d.conflicting, {}))
    case 'groupMemberRequired':
      return r.groupMemberRequired
    default:
      return undefined
  }
}

/** A ledger account key ('loan_principal|program=POOR|capitalSource=CENTRAL|status=in_term') in words. */
export function accountLabel(key: string, t: Dictionary, locale: Locale): { code: string; name: string; detail: string } {
  const [kind = '', ...parts] = key.split('|')
  const dims = Object.fromEntries(parts.map((p) => p.split('=') as [string, string]))
  if (!isAccountKind(kind)) return { code: '', name: key, detail: '' }
  const rule = ACCOUNT_KINDS[kind]
  const status = dims.status ? t.lending.loans.detail.principalStatuses[dims.status] ?? dims.status : undefined
  const detail = [dims.program, dims.capitalSource, dims.unit ? t.lending.loans.detail.unitRef(dims.unit) : undefined, dims.group ? `#${dims.group}` : undefined].filter(Boolean).join(' · ')
  return { code: rule.code, name: `${locale === 'vi' ? rule.nameVi : rule.nameEn}${status ? ` (${status})` : ''}`, detail }
}
