import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv.js'
import { foldVietnamese } from './fold.js'
import { parsePlacesJson } from './parse-json.js'
import { padCode, parsePlacesTable } from './parse-table.js'
import { resolveCurrentCommune } from './resolution.js'
import { CURRENT_COMMUNE_TYPES, HISTORICAL_COMMUNE_TYPES, splitFullName, typeByLabel } from './unit-types.js'

describe('foldVietnamese', () => {
  it('drops diacritics and case, and turns đ into d', () => {
    expect(foldVietnamese('Phường Đông Hưng Thuận')).toBe('phuong dong hung thuan')
    expect(foldVietnamese('  Thị trấn   Đồng Đăng ')).toBe('thi tran dong dang')
    expect(foldVietnamese("Xã Đạ M'ri")).toBe("xa da m'ri")
  })

  it('is idempotent and leaves only ASCII for Vietnamese text', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ '
    const vietnamese = fc.string({ unit: fc.constantFrom(...letters, ...letters.toUpperCase()), maxLength: 40 })
    fc.assert(fc.property(vietnamese, (s) => {
      const folded = foldVietnamese(s)
      expect(foldVietnamese(folded)).toBe(folded)
      expect(/^[a-z ]*$/.test(folded)).toBe(true)
    }))
  })
})

describe('unit types', () => {
  it('reads the type word of a full name whatever its case', () => {
    expect(splitFullName(CURRENT_COMMUNE_TYPES, 'xã Bắc Sơn')).toMatchObject({ rule: { unitType: 'commune', areaType: 'rural' }, name: 'Bắc Sơn' })
    expect(splitFullName(HISTORICAL_COMMUNE_TYPES, 'Thị trấn Đồng Đăng')).toMatchObject({ rule: { unitType: 'township', areaType: 'urban' }, name: 'Đồng Đăng' })
    expect(splitFullName(HISTORICAL_COMMUNE_TYPES, 'Làng Vũ Đại')).toBeUndefined()
    expect(splitFullName(HISTORICAL_COMMUNE_TYPES, 'Phường')).toBeUndefined()
  })

  it('counts a special zone rural and a ward urban', () => {
    expect(typeByLabel(CURRENT_COMMUNE_TYPES, 'Đặc khu')).toMatchObject({ unitType: 'special_zone', areaType: 'rural' })
    expect(typeByLabel(CURRENT_COMMUNE_TYPES, 'phuong')).toMatchObject({ unitType: 'ward', areaType: 'urban' })
    expect(typeByLabel(CURRENT_COMMUNE_TYPES, 'Thị trấn')).toBeUndefined()
  })
})

describe('parsePlacesJson', () => {
  const current = [{ Code: '20', Name: 'Lạng Sơn', AdministrativeUnitShortName: 'Tỉnh', Wards: [
    { Code: '05977', Name: 'Đông Kinh', AdministrativeUnitShortName: 'Phường', ProvinceCode: '20' },
    { Code: '06325', Name: 'Bắc Sơn', FullName: 'xã Bắc Sơn', AdministrativeUnitShortName: 'Xã' },
  ] }]

  it('reads the current layer and writes full names one way', () => {
    const result = parsePlacesJson(current)
    expect(result.ok && result.value.kind === 'units' && result.value.units.map((u) => `${u.level}:${u.code}:${u.fullName}:${u.areaType}:${u.validFrom}`)).toEqual([
      'province:20:Tỉnh Lạng Sơn:null:2025-07-01', 'commune:05977:Phường Đông Kinh:urban:2025-07-01', 'commune:06325:Xã Bắc Sơn:rural:2025-07-01',
    ])
  })

  it('reads the historical layer, skipping the empty slots of the source', () => {
    const result = parsePlacesJson([{ Code: '79', FullName: 'Thành phố Hồ Chí Minh', District: [
      { Code: '761', FullName: 'Quận 12', ProvinceCode: '79', Ward: [{ Code: '26767', FullName: 'Phường An Phú Đông', DistrictCode: '761' }, null] },
      { Code: '755', FullName: 'Huyện Côn Đảo', ProvinceCode: '79', Ward: null },
      null,
    ] }])
    expect(result.ok).toBe(true)
    if (!result.ok || result.value.kind !== 'units') return
    expect(result.value.source).toBe('historical_json')
    expect(result.value.units.map((u) => `${u.level}:${u.code}:${u.unitType}:${u.parentCode}:${u.validTo}`)).toEqual([
      'province:79:municipality:null:2025-06-30', 'district:761:urban_district:79:2025-06-30', 'commune:26767:ward:761:2025-06-30', 'district:755:rural_district:79:2025-06-30',
    ])
  })

  it('reads the crosswalk, telling old districts from old communes by their width', () => {
    const result = parsePlacesJson({ data: [{ level1_id: '79', merges: [{ old_id: '79', type: 'full' }], level2s: [
      { level2_id: '26732', merges: [{ old_id: '755', type: 'full' }] },
      { level2_id: '26767', merges: [{ old_id: '26767', type: 'full' }, { old_id: '26779', type: 'partial' }] },
    ] }] })
    expect(result.ok && result.value.kind === 'crosswalk' && result.value.links.map((l) => `${l.newCode}<${l.oldLevel}:${l.oldCode}:${l.kind}`)).toEqual([
      '79<province:79:full', '26732<district:755:full', '26767<commune:26767:full', '26767<commune:26779:partial',
    ])
  })

  it('fails the whole file with every bad record, by position and field', () => {
    const result = parsePlacesJson([{ Code: '2', Name: 'Lạng Sơn', AdministrativeUnitShortName: 'Tỉnh', Wards: [
      { Code: '05977', Name: 'Đông Kinh', AdministrativeUnitShortName: 'Thôn' },
      { Code: '05977', Name: '', AdministrativeUnitShortName: 'Xã' },
    ] }])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('places_file_rows_invalid')
    expect(result.details).toMatchObject({ errorCount: 1, errors: [{ row: 1, column: 'Code', code: 'code_invalid', value: '2', path: '[0]' }] })
    const wards = parsePlacesJson([{ ...current[0], Wards: [
      { Code: '05977', Name: 'Đông Kinh', AdministrativeUnitShortName: 'Thôn' },
      { Code: '06325', Name: 'Bắc Sơn', AdministrativeUnitShortName: 'Xã', ProvinceCode: '19' },
      { Code: '06325', Name: '', AdministrativeUnitShortName: 'Xã' },
    ] }])
    expect(!wards.ok && wards.details?.errors).toMatchObject([
      { row: 2, column: 'AdministrativeUnitShortName', code: 'unit_type_unknown', value: 'Thôn' },
      { row: 3, column: 'ProvinceCode', code: 'parent_mismatch', value: '19' },
      { row: 4, column: 'Name', code: 'name_missing' },
      { row: 4, column: 'Code', code: 'duplicate_code', value: '06325' },
    ])
  })

  it('refuses shapes it does not know and a crosswalk link that is neither full nor partial', () => {
    expect(parsePlacesJson({ provinces: [] })).toMatchObject({ ok: false, code: 'places_file_unrecognised' })
    expect(parsePlacesJson([])).toMatchObject({ ok: false, code: 'places_file_unrecognised' })
    expect(parsePlacesJson({ data: [{ level1_id: '79', merges: [], level2s: [{ level2_id: '26767', merges: [{ old_id: '26767', type: 'some' }, { old_id: '7', type: 'full' }] }] }] }))
      .toMatchObject({ ok: false, code: 'places_file_rows_invalid', details: { errors: [{ column: 'type', code: 'link_kind_invalid' }, { column: 'old_id', code: 'code_invalid' }] } })
  })
})

describe('parsePlacesTable', () => {
  const header = ['Mã tỉnh', 'Tên tỉnh', 'Mã huyện', 'Tên huyện', 'Mã xã', 'Tên xã', 'Cấp']

  it('reads a historical sheet, padding codes Excel turned into numbers', () => {
    const result = parsePlacesTable([header, ['1', 'Thành phố Hà Nội', '1', 'Quận Ba Đình', '1', 'Phường Phúc Xá', 'Phường'], ['01', 'Thành phố Hà Nội', '001', 'Quận Ba Đình', '4', 'Trúc Bạch', 'Phường']])
    expect(result.ok && result.value.kind === 'units' && result.value.units.map((u) => `${u.level}:${u.code}:${u.fullName}`)).toEqual([
      'province:01:Thành phố Hà Nội', 'district:001:Quận Ba Đình', 'commune:00001:Phường Phúc Xá', 'commune:00004:Phường Trúc Bạch',
    ])
  })

  it('says which columns are expected when they are wrong', () => {
    expect(parsePlacesTable([['Mã tỉnh', 'Tên tỉnh', 'Mã huyện', 'Mã xã', 'Tên xã', 'Cấp']])).toMatchObject({
      ok: false, code: 'places_file_columns_invalid', details: { missing: ['Tên huyện'], expected: { historical: header } },
    })
  })

  it('flags a parent written two ways and a duplicate commune', () => {
    const result = parsePlacesTable([header.filter((h) => !h.includes('huyện')), ['20', 'Tỉnh Lạng Sơn', '05977', 'Đông Kinh', 'Phường'], ['20', 'Tỉnh Lang Son', '05977', 'Đông Kinh', 'Phường']])
    expect(!result.ok && result.details?.errors).toMatchObject([
      { row: 3, column: 'Tên tỉnh', code: 'parent_inconsistent' }, { row: 3, column: 'Mã xã', code: 'duplicate_code', value: '05977' },
    ])
  })

  it('pads only short digit strings', () => {
    expect(padCode('761', 'district')).toBe('761')
    expect(padCode('4.0', 'commune')).toBe('00004')
    expect(padCode('12X', 'commune')).toBe('12X')
  })
})

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, CRLF, a BOM and the semicolon of Vietnamese-locale spreadsheets', () => {
    expect(parseCsv('\uFEFFMã;Tên\r\n"01";"Thành phố ""Hà Nội""; cũ"\r\n', 10)).toEqual([['Mã', 'Tên'], ['01', 'Thành phố "Hà Nội"; cũ']])
  })

  it('gives back the cells it was given, for any table', () => {
    const cell = fc.string({ maxLength: 8 }).filter((s) => !/[\r\n"]/.test(s) && !s.includes(',') && s === s.trim())
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const width = rows[0]!.length
      const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''))
      const text = table.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n')
      expect(parseCsv(text, 100)).toEqual(table)
    }))
  })

  it('does not take a separator inside a quoted header cell for the separator (found by the property)', () => {
    expect(parseCsv('";",";"\n"",""', 10)).toEqual([[';', ';'], ['', '']])
  })

  it('stops at its bound', () => {
    expect(parseCsv('a\nb\nc\nd\n', 2)).toBeUndefined()
  })
})

describe('resolveCurrentCommune', () => {
  const p = (code: string, districtCode: string | null, level: 'commune' | 'district' = 'commune') => ({ level, code, districtCode })
  it('resolves one predecessor to its commune and district', () => {
    expect(resolveCurrentCommune([p('26767', '761')])).toEqual({ resolution: 'single_predecessor', historicalCommuneCode: '26767', historicalDistrictCode: '761' })
  })
  it('resolves several predecessors of one district to the district only', () => {
    expect(resolveCurrentCommune([p('26767', '761'), p('26779', '761')])).toEqual({ resolution: 'same_district', historicalCommuneCode: null, historicalDistrictCode: '761' })
    expect(resolveCurrentCommune([p('755', '755', 'district')])).toEqual({ resolution: 'same_district', historicalCommuneCode: null, historicalDistrictCode: '755' })
  })
  it('leaves predecessors of several districts, unknown districts and none at all unresolved', () => {
    expect(resolveCurrentCommune([p('00004', '001'), p('00040', '002')]).resolution).toBe('unresolved')
    expect(resolveCurrentCommune([p('07732', null), p('07744', null)]).resolution).toBe('unresolved')
    expect(resolveCurrentCommune([]).resolution).toBe('unresolved')
  })
})
