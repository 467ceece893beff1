import { fail, ok, type Result } from '../shared/index.js'
import { UnitCollector } from './collector.js'
import { foldVietnamese } from './fold.js'
import {
  CURRENT_COMMUNE_TYPES, DISTRICT_TYPES, HISTORICAL_COMMUNE_TYPES, PROVINCE_TYPES, splitFullName, typeByLabel, type UnitTypeRule,
} from './unit-types.js'
import { CODE_WIDTH, MAX_PLACES_RECORDS, type AdminLevel, type Layer, type ParsedPlacesFile } from './types.js'

type ColumnKey = 'provinceCode' | 'provinceName' | 'districtCode' | 'districtName' | 'communeCode' | 'communeName' | 'level'

/**
 * The columns of a GSO-style list of administrative units (danhmuchanhchinh.gso.gov.vn): the
 * Vietnamese header to write and the spellings also accepted (compared without diacritics,
 * case or punctuation, so 'Tỉnh / Thành Phố' and 'Mã TP' from the GSO export work too).
 */
export const TABLE_COLUMNS: Readonly<Record<ColumnKey, { readonly label: string; readonly aliases: readonly string[] }>> = {
  provinceCode: { label: 'Mã tỉnh', aliases: ['ma tinh', 'ma tp', 'ma tinh tp', 'ma tinh thanh pho', 'province code'] },
  provinceName: { label: 'Tên tỉnh', aliases: ['ten tinh', 'tinh', 'tinh thanh pho', 'ten tinh thanh pho', 'province', 'province name'] },
  districtCode: { label: 'Mã huyện', aliases: ['ma huyen', 'ma qh', 'ma quan huyen', 'district code'] },
  districtName: { label: 'Tên huyện', aliases: ['ten huyen', 'quan huyen', 'ten quan huyen', 'district', 'district name'] },
  communeCode: { label: 'Mã xã', aliases: ['ma xa', 'ma px', 'ma phuong xa', 'commune code'] },
  communeName: { label: 'Tên xã', aliases: ['ten xa', 'phuong xa', 'ten phuong xa', 'commune', 'commune name'] },
  level: { label: 'Cấp', aliases: ['cap', 'level'] },
}

const CURRENT_KEYS: readonly ColumnKey[] = ['provinceCode', 'provinceName', 'communeCode', 'communeName', 'level']
const HISTORICAL_KEYS: readonly ColumnKey[] = ['provinceCode', 'provinceName', 'districtCode', 'districtName', 'communeCode', 'communeName', 'level']

export const EXPECTED_TABLE_COLUMNS = {
  current: CURRENT_KEYS.map((k) => TABLE_COLUMNS[k].label),
  historical: HISTORICAL_KEYS.map((k) => TABLE_COLUMNS[k].label),
} as const

const headerKey = (cell: string) => foldVietnamese(cell).replace(/[^a-z0-9]+/g, ' ').trim()

/** A code as a spreadsheet may hold it: Excel turns '01' into the number 1, so short codes are zero-padded. */
export function padCode(raw: string, level: AdminLevel): string {
  const value = raw.trim().replace(/\.0+$/, '')
  return /^[0-9]+$/.test(value) && value.length < CODE_WIDTH[level] ? value.padStart(CODE_WIDTH[level], '0') : value
}

/**
 * Reads the rows of a GSO-style spreadsheet (row 1 the header). With district columns it is the
 * historical layer (province → district → commune), without them the current layer. Columns it
 * does not know are ignored; missing ones fail with the list expected. Every row is checked and
 * any bad row fails the whole file, each error with its row, column and code.
 */
export function parsePlacesTable(rows: readonly (readonly string[])[]): Result<ParsedPlacesFile> {
  if (rows.length - 1 > MAX_PLACES_RECORDS) return fail('places_file_too_large', { records: rows.length - 1, maxRecords: MAX_PLACES_RECORDS })
  const header = rows[0] ?? []
  const index = new Map<ColumnKey, number>()
  header.forEach((cell, i) => {
    const key = headerKey(cell)
    const column = (Object.keys(TABLE_COLUMNS) as ColumnKey[]).find((k) => TABLE_COLUMNS[k].aliases.includes(key))
    if (column && !index.has(column)) index.set(column, i)
  })
  const historical = index.has('districtCode') || index.has('districtName')
  const keys = historical ? HISTORICAL_KEYS : CURRENT_KEYS
  const missing = keys.filter((k) => !index.has(k)).map((k) => TABLE_COLUMNS[k].label)
  if (missing.length > 0) return fail('places_file_columns_invalid', { expected: EXPECTED_TABLE_COLUMNS, missing, found: header })
  if (rows.length < 2) return fail('places_file_unrecognised', { reason: 'no_rows' })

  const layer: Layer = historical ? 'historical' : 'current'
  const c = new UnitCollector(layer)
  const label = (k: ColumnKey) => TABLE_COLUMNS[k].label
  const parents = new Map<string, { readonly fullName: string; readonly provinceCode: string; readonly ok: boolean }>()
  const communeRules = historical ? HISTORICAL_COMMUNE_TYPES : CURRENT_COMMUNE_TYPES

  /** Adds a province or district the first time its code is seen; later rows must agree with it. */
  const parent = (level: 'province' | 'district', codeKey: ColumnKey, nameKey: ColumnKey, rules: readonly UnitTypeRule[], cells: readonly string[], provinceCode: string) => {
    const code = padCode(cells[index.get(codeKey) as number] ?? '', level)
    const fullName = (cells[index.get(nameKey) as number] ?? '').replace(/\s+/g, ' ').trim()
    const key = `${level}:${code}`
    const known = parents.get(key)
    if (known) {
      if (known.fullName !== fullName || known.provinceCode !== provinceCode) c.errors.add(c.row, label(nameKey), 'parent_inconsistent', fullName)
      return known.ok ? code : undefined
    }
    const split = splitFullName(rules, fullName)
    const added = c.add(level, undefined, {
      code, codeColumn: label(codeKey), name: split?.name ?? (fullName || undefined), nameColumn: label(nameKey), rule: split?.rule, typeColumn: label(nameKey), typeValue: fullName,
    }, level === 'province' ? null : provinceCode, provinceCode)
    parents.set(key, { fullName, provinceCode, ok: added !== undefined })
    return added
  }

  rows.forEach((cells, i) => {
    if (i === 0 || cells.every((cell) => cell.trim() === '')) return
    c.row = i + 1
    const provinceCode = parent('province', 'provinceCode', 'provinceName', PROVINCE_TYPES, cells, '')
    if (provinceCode === undefined) return
    const parentCode = historical ? parent('district', 'districtCode', 'districtName', DISTRICT_TYPES, cells, provinceCode) : provinceCode
    if (parentCode === undefined) return
    const levelText = (cells[index.get('level') as number] ?? '').trim()
    const nameText = (cells[index.get('communeName') as number] ?? '').replace(/\s+/g, ' ').trim()
    const rule = typeByLabel(communeRules, levelText) ?? (levelText === '' ? splitFullName(communeRules, nameText)?.rule : undefined)
    const bare = rule ? splitFullName([rule], nameText)?.name ?? nameText : nameText
    c.add('commune', undefined, {
      code: padCode(cells[index.get('communeCode') as number] ?? '', 'commune'), codeColumn: label('communeCode'),
      name: bare || undefined, nameColumn: label('communeName'), rule, typeColumn: label('level'), typeValue: levelText,
    }, parentCode, provinceCode)
  })
  if (!c.errors.empty) return fail('places_file_rows_invalid', c.errors.details())
  return ok({ kind: 'units', source: historical ? 'gso_sheet_historical' : 'gso_sheet_current', layer, units: c.units })
}
