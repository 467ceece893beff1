import { foldVietnamese } from './fold.js'
import type { AreaType } from './types.js'

/** A kind of administrative unit, recognised by the word(s) its full name starts with. */
export interface UnitTypeRule {
  /** The Vietnamese type word as written at the start of a full name: 'Phường', 'Thị trấn'. */
  readonly prefix: string
  readonly unitType: string
  readonly areaType: AreaType | null
}

export const PROVINCE_TYPES: readonly UnitTypeRule[] = [
  { prefix: 'Thành phố', unitType: 'municipality', areaType: null }, // thành phố trực thuộc trung ương
  { prefix: 'Tỉnh', unitType: 'province', areaType: null },
]

/** Districts existed only until 30/06/2025. */
export const DISTRICT_TYPES: readonly UnitTypeRule[] = [
  { prefix: 'Quận', unitType: 'urban_district', areaType: null },
  { prefix: 'Huyện', unitType: 'rural_district', areaType: null },
  { prefix: 'Thị xã', unitType: 'district_town', areaType: null },
  { prefix: 'Thành phố', unitType: 'provincial_city', areaType: null }, // thành phố thuộc tỉnh
]

/**
 * Communes since 01/07/2025. A special zone (đặc khu: Phú Quốc, Côn Đảo, Vân Đồn …) is counted
 * rural: most are island districts that were rural before, and the poverty standard's rural line
 * is the one their communes used. The choice is data, here, if the Ministry decides otherwise.
 */
export const CURRENT_COMMUNE_TYPES: readonly UnitTypeRule[] = [
  { prefix: 'Phường', unitType: 'ward', areaType: 'urban' },
  { prefix: 'Xã', unitType: 'commune', areaType: 'rural' },
  { prefix: 'Đặc khu', unitType: 'special_zone', areaType: 'rural' },
]

/** Communes until 30/06/2025: a thị trấn (district town) was urban. */
export const HISTORICAL_COMMUNE_TYPES: readonly UnitTypeRule[] = [
  { prefix: 'Phường', unitType: 'ward', areaType: 'urban' },
  { prefix: 'Thị trấn', unitType: 'township', areaType: 'urban' },
  { prefix: 'Xã', unitType: 'commune', areaType: 'rural' },
]

/**
 * Splits a full name into its type and bare name, ignoring the case of the type word (the
 * source data has 'xã Bắc Sơn'). Undefined when no rule's word starts the name.
 *
 * @example splitFullName(HISTORICAL_COMMUNE_TYPES, 'Thị trấn Đồng Đăng') → { rule: township, name: 'Đồng Đăng' }
 */
export function splitFullName(rules: readonly UnitTypeRule[], fullName: string): { rule: UnitTypeRule; name: string } | undefined {
  const text = fullName.replace(/\s+/g, ' ').trim()
  const lower = text.toLowerCase()
  for (const rule of rules) {
    const word = rule.prefix.toLowerCase()
    if (lower.startsWith(`${word} `)) {
      const name = text.slice(word.length).trim()
      if (name.length > 0) return { rule, name }
    }
  }
  return undefined
}

/** The rule whose type word matches a label ('Phường', 'phuong', 'Thị trấn'), diacritics optional. */
export function typeByLabel(rules: readonly UnitTypeRule[], label: string): UnitTypeRule | undefined {
  const folded = foldVietnamese(label)
  return rules.find((rule) => foldVietnamese(rule.prefix) === folded)
}

/** The full name written the one way: the type word as in the rule, then the bare name. */
export function canonicalFullName(rule: UnitTypeRule, name: string): string {
  return `${rule.prefix} ${name.replace(/\s+/g, ' ').trim()}`
}
