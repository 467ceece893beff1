import { fail, ok, type Result } from '../shared/index.js'
import { isCode, UnitCollector } from './collector.js'
import { RowErrorList } from './row-errors.js'
import { CURRENT_COMMUNE_TYPES, DISTRICT_TYPES, HISTORICAL_COMMUNE_TYPES, PROVINCE_TYPES, splitFullName, typeByLabel, type UnitTypeRule } from './unit-types.js'
import { MAX_PLACES_RECORDS, type AdminLevel, type CrosswalkLink, type LinkKind, type ParsedPlacesFile } from './types.js'

type Obj = Readonly<Record<string, unknown>>

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)
const arrayOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : [])

/** A trimmed string, or an integer as a string; anything else is missing. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined
  if (typeof value === 'number' && Number.isInteger(value)) return String(value)
  return undefined
}

/** The shapes this importer knows, for the error that says none matched. */
export const KNOWN_JSON_SHAPES = [
  'units-current: [{ Code, Name, AdministrativeUnitShortName, Wards: [{ Code, Name, AdministrativeUnitShortName }] }]',
  'units-pre-2025-07: [{ Code, FullName, District: [{ Code, FullName, Ward: [{ Code, FullName }] }] }]',
  'crosswalk: { data: [{ level1_id, merges: [{ old_id, type }], level2s: [{ level2_id, merges: [{ old_id, type }] }] }] }',
] as const

/**
 * Reads a parsed JSON places file, telling its kind from its shape: the current units (34
 * provinces with their Wards), the historical units (63 provinces → District → Ward) or the
 * crosswalk (`data[].level2s[].merges[]`). Every record is checked; any bad record fails the
 * whole file with the list of row errors, so nothing is half-imported.
 */
export function parsePlacesJson(value: unknown): Result<ParsedPlacesFile> {
  if (Array.isArray(value) && value.length > 0 && value.every(isObj)) {
    if (value.every((p) => 'Wards' in p)) return parseCurrentUnits(value)
    if (value.every((p) => 'District' in p)) return parseHistoricalUnits(value)
  }
  if (isObj(value) && Array.isArray(value.data) && value.data.length > 0 && value.data.every((x) => isObj(x) && 'level2s' in x))
    return parseCrosswalk(value.data as readonly Obj[])
  return fail('places_file_unrecognised', { reason: 'json_shape_unknown', expected: KNOWN_JSON_SHAPES })
}

function tooLarge(records: number): Result<never> | undefined {
  return records > MAX_PLACES_RECORDS ? fail('places_file_too_large', { records, maxRecords: MAX_PLACES_RECORDS }) : undefined
}

function parseCurrentUnits(provinces: readonly Obj[]): Result<ParsedPlacesFile> {
  const big = tooLarge(provinces.reduce((n, p) => n + 1 + arrayOf(p.Wards).length, 0))
  if (big) return big
  const c = new UnitCollector('current')
  provinces.forEach((p, i) => {
    c.row++
    const path = `[${i}]`
    const shortName = text(p.AdministrativeUnitShortName)
    const rule = (shortName && typeByLabel(PROVINCE_TYPES, shortName)) || splitFullName(PROVINCE_TYPES, text(p.FullName) ?? '')?.rule
    const provinceCode = c.add('province', path, {
      code: p.Code, codeColumn: 'Code', name: text(p.Name), nameColumn: 'Name', rule, typeColumn: 'AdministrativeUnitShortName', typeValue: p.AdministrativeUnitShortName,
    }, null, '')
    arrayOf(p.Wards).forEach((w, j) => {
      c.row++
      const wardPath = `[${i}].Wards[${j}]`
      if (!isObj(w)) return c.errors.add(c.row, 'Wards', 'code_invalid', null, wardPath)
      const wardShort = text(w.AdministrativeUnitShortName)
      const wardRule = (wardShort && typeByLabel(CURRENT_COMMUNE_TYPES, wardShort)) || splitFullName(CURRENT_COMMUNE_TYPES, text(w.FullName) ?? '')?.rule
      const stated = text(w.ProvinceCode)
      if (provinceCode !== undefined && stated !== undefined && stated !== provinceCode) c.errors.add(c.row, 'ProvinceCode', 'parent_mismatch', stated, wardPath)
      if (provinceCode === undefined) return
      c.add('commune', wardPath, {
        code: w.Code, codeColumn: 'Code', name: text(w.Name), nameColumn: 'Name', rule: wardRule, typeColumn: 'AdministrativeUnitShortName', typeValue: w.AdministrativeUnitShortName,
      }, provinceCode, provinceCode)
    })
  })
  return c.errors.empty ? ok({ kind: 'units', source: 'current_json', layer: 'current', units: c.units }) : fail('places_file_rows_invalid', c.errors.details())
}

function parseHistoricalUnits(provinces: readonly Obj[]): Result<ParsedPlacesFile> {
  const big = tooLarge(provinces.reduce((n, p) => n + 1 + arrayOf(p.District).reduce<number>((m, d) => m + 1 + (isObj(d) ? arrayOf(d.Ward).length : 0), 0), 0))
  if (big) return big
  const c = new UnitCollector('historical')
  /** The bare name and type of a record that only has a full name ('Quận Ba Đình'). */
  const named = (rules: readonly UnitTypeRule[], fullName: unknown) => {
    const split = splitFullName(rules, text(fullName) ?? '')
    return { name: split?.name ?? text(fullName), rule: split?.rule }
  }
  provinces.forEach((p, i) => {
    c.row++
    const path = `[${i}]`
    const province = named(PROVINCE_TYPES, p.FullName)
    const provinceCode = c.add('province', path, {
      code: p.Code, codeColumn: 'Code', name: province.name, nameColumn: 'FullName', rule: province.rule, typeColumn: 'FullName', typeValue: p.FullName,
    }, null, '')
    arrayOf(p.District).forEach((d, j) => {
      if (d === null) return // the source lists a few empty slots
      c.row++
      const districtPath = `${path}.District[${j}]`
      if (!isObj(d)) return c.errors.add(c.row, 'District', 'code_invalid', null, districtPath)
      const stated = text(d.ProvinceCode)
      if (provinceCode !== undefined && stated !== undefined && stated !== provinceCode) c.errors.add(c.row, 'ProvinceCode', 'parent_mismatch', stated, districtPath)
      if (provinceCode === undefined) return
      const district = named(DISTRICT_TYPES, d.FullName)
      const districtCode = c.add('district', districtPath, {
        code: d.Code, codeColumn: 'Code', name: district.name, nameColumn: 'FullName', rule: district.rule, typeColumn: 'FullName', typeValue: d.FullName,
      }, provinceCode, provinceCode)
      arrayOf(d.Ward).forEach((w, k) => {
        if (w === null) return
        c.row++
        const wardPath = `${districtPath}.Ward[${k}]`
        if (!isObj(w)) return c.errors.add(c.row, 'Ward', 'code_invalid', null, wardPath)
        const statedDistrict = text(w.DistrictCode)
        if (districtCode !== undefined && statedDistrict !== undefined && statedDistrict !== districtCode) c.errors.add(c.row, 'DistrictCode', 'parent_mismatch', statedDistrict, wardPath)
        if (districtCode === undefined) return
        const ward = named(HISTORICAL_COMMUNE_TYPES, w.FullName)
        c.add('commune', wardPath, {
          code: w.Code, codeColumn: 'Code', name: ward.name, nameColumn: 'FullName', rule: ward.rule, typeColumn: 'FullName', typeValue: w.FullName,
        }, districtCode, provinceCode)
      })
    })
  })
  return c.errors.empty ? ok({ kind: 'units', source: 'historical_json', layer: 'historical', units: c.units }) : fail('places_file_rows_invalid', c.errors.details())
}

const OLD_LEVEL_BY_WIDTH: Readonly<Record<number, AdminLevel>> = { 2: 'province', 3: 'district', 5: 'commune' }

function parseCrosswalk(entries: readonly Obj[]): Result<ParsedPlacesFile> {
  const big = tooLarge(entries.reduce((n, e) => n + arrayOf(e.merges).length + arrayOf(e.level2s).reduce<number>((m, l) => m + (isObj(l) ? arrayOf(l.merges).length : 0), 0), 0))
  if (big) return big
  const errors = new RowErrorList()
  const links: CrosswalkLink[] = []
  const seen = new Set<string>()
  let row = 0
  const addLinks = (newLevel: 'province' | 'commune', newCode: string | undefined, merges: unknown, path: string, oldLevels: readonly AdminLevel[]) => {
    arrayOf(merges).forEach((m, k) => {
      row++
      const mergePath = `${path}.merges[${k}]`
      const oldCode = isObj(m) ? text(m.old_id) : undefined
      const kind = isObj(m) ? text(m.type) : undefined
      const oldLevel = oldCode !== undefined && /^[0-9]+$/.test(oldCode) ? OLD_LEVEL_BY_WIDTH[oldCode.length] : undefined
      const before = errors.count
      if (oldCode === undefined || oldLevel === undefined || !oldLevels.includes(oldLevel)) errors.add(row, 'old_id', 'code_invalid', isObj(m) ? m.old_id : null, mergePath)
      if (kind !== 'full' && kind !== 'partial') errors.add(row, 'type', 'link_kind_invalid', isObj(m) ? m.type : null, mergePath)
      const key = `${newLevel}:${newCode}:${oldCode}`
      if (errors.count === before && seen.has(key)) errors.add(row, 'old_id', 'duplicate_code', oldCode, mergePath)
      if (errors.count > before || newCode === undefined || oldCode === undefined || oldLevel === undefined) return
      seen.add(key)
      links.push({ newLevel, newCode, oldLevel, oldCode, kind: kind as LinkKind })
    })
  }
  entries.forEach((e, i) => {
    row++
    const provinceCode = text(e.level1_id)
    if (!isCode(provinceCode, 'province')) errors.add(row, 'level1_id', 'code_invalid', e.level1_id, `data[${i}]`)
    addLinks('province', isCode(provinceCode, 'province') ? provinceCode : undefined, e.merges, `data[${i}]`, ['province'])
    arrayOf(e.level2s).forEach((l, j) => {
      row++
      const path = `data[${i}].level2s[${j}]`
      const communeCode = isObj(l) ? text(l.level2_id) : undefined
      if (!isCode(communeCode, 'commune')) errors.add(row, 'level2_id', 'code_invalid', isObj(l) ? l.level2_id : null, path)
      addLinks('commune', isCode(communeCode, 'commune') ? communeCode : undefined, isObj(l) ? l.merges : [], path, ['district', 'commune'])
    })
  })
  return errors.empty ? ok({ kind: 'crosswalk', source: 'crosswalk_json', links }) : fail('places_file_rows_invalid', errors.details())
}
