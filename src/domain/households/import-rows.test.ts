import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { makeCitizenId } from './citizen-id.js'
import { IMPORT_COLUMNS, mapHeader, type ColumnMap } from './import-columns.js'
import { ImportRowsValidator, type RawCell } from './import-rows.js'

const TODAY = '2026-03-01' as LocalDate
const HEADER = IMPORT_COLUMNS.map((c) => c.header)

function columns(): ColumnMap {
  const mapped = mapHeader(HEADER)
  if (!mapped.ok) throw new Error('template header refused')
  return mapped.value
}

/** A row in template column order. */
const row = (r: Partial<Record<string, RawCell>>): RawCell[] => HEADER.map((h) => r[h] ?? null)
const member = (code: string, name: string, relation: string, birth: RawCell, sex: string, cccd: RawCell = null, extra: Record<string, RawCell> = {}) =>
  row({ 'Mã hộ': code, 'Mã xã': '06100', 'Thôn/bản': 'Thôn Nà Cạn', 'Họ và tên': name, 'Quan hệ với chủ hộ': relation, 'Ngày sinh (dd/mm/yyyy)': birth, 'Giới tính': sex, 'Số CCCD': cccd, ...extra })

function validate(rows: RawCell[][], communeChosen = false) {
  const v = new ImportRowsValidator(columns(), { today: TODAY, communeChosen })
  rows.forEach((cells, i) => v.addRow(i + 2, cells))
  return v.finish()
}

describe('registry import header', () => {
  it('maps the template header, and headers written without diacritics or in capitals', () => {
    expect(mapHeader(HEADER).ok).toBe(true)
    expect(mapHeader(['MA HO', 'họ và tên', 'Quan he voi chu ho', 'Ngày sinh', 'GIỚI TÍNH']).ok).toBe(true)
  })

  it('refuses missing, unknown and doubled columns in one error that lists the expected columns', () => {
    const result = mapHeader(['Mã hộ', 'Tên', 'Họ và tên', 'Họ và tên'])
    expect(result).toMatchObject({ ok: false, code: 'import_columns_invalid' })
    if (result.ok) return
    expect(result.details).toMatchObject({ missing: ['Quan hệ với chủ hộ', 'Ngày sinh (dd/mm/yyyy)', 'Giới tính'], unexpected: ['Tên'], duplicated: ['Họ và tên'] })
    expect(result.details?.expected).toEqual(HEADER)
  })
})

describe('registry import rows', () => {
  it('groups rows into households by code', () => {
    const parsed = validate([
      member('H1', 'Nguyễn Văn An', 'Chủ hộ', '05/09/1980', 'Nam', makeCitizenId('020', 'male', 1980, 1), { 'Có BHYT': 'Có', 'Địa chỉ': 'Nà Cạn' }),
      member('H2', 'Lò Thị Bình', 'Chủ hộ', '01/01/1975', 'Nữ'),
      member('H1', 'Trần Thị Hoa', 'Vợ', '1982-02-03', 'nu', makeCitizenId('020', 'female', 1982, 2), { 'Đang đi học': 'Không' }),
    ])
    expect(parsed.errors).toEqual([])
    expect(parsed.rows).toBe(3)
    expect(parsed.households.map((h) => [h.code, h.members.length, h.address])).toEqual([['H1', 2, 'Nà Cạn'], ['H2', 1, null]])
    expect(parsed.households[0]?.members[1]).toMatchObject({ row: 4, relation: 'spouse', person: { fullName: 'Trần Thị Hoa', nameSearch: 'tran thi hoa', birthDate: '1982-02-03', sex: 'female', inSchool: false } })
  })

  it('reads spreadsheet dates and a citizen id that lost its leading zero as a number', () => {
    const parsed = validate([member('H1', 'Nguyễn Văn An', 'Chủ hộ', new Date(Date.UTC(1980, 8, 5)), 'Nam', 20080000001)])
    expect(parsed.errors).toEqual([])
    expect(parsed.households[0]?.members[0]?.person).toMatchObject({ birthDate: '1980-09-05', citizenId: '020080000001' })
  })

  it('reports every wrong cell with its row, column and code', () => {
    const parsed = validate([
      member('H1', 'Nguyễn Văn An', 'Chủ hộ', '31/02/1980', 'Nam'),
      member('H1', '', 'Hàng xóm', '01/01/2030', 'X', '123'),
      member('H2', 'Lò Văn Pảo', 'Chủ hộ', '01/01/1980', 'Nam', makeCitizenId('020', 'female', 1980, 5), { 'Có BHYT': 'hmm', 'Số điện thoại': 'abc' }),
    ])
    expect(parsed.households).toEqual([])
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'Ngày sinh (dd/mm/yyyy)', 'invalid_date'],
      [3, 'Họ và tên', 'import_value_required'],
      [3, 'Quan hệ với chủ hộ', 'relation_unknown'],
      [3, 'Ngày sinh (dd/mm/yyyy)', 'birth_date_in_future'],
      [3, 'Giới tính', 'import_value_invalid'],
      [3, 'Số CCCD', 'citizen_id_malformed'],
      [4, 'Số CCCD', 'citizen_id_sex_mismatch'],
      [4, 'Số điện thoại', 'phone_invalid'],
      [4, 'Có BHYT', 'import_value_invalid'],
    ])
    expect(parsed.errors[0]?.message.vi).toBeTruthy()
    expect(parsed.errors[0]?.message.en).toBeTruthy()
  })

  it('refuses a citizen id twice in the file, naming the first row', () => {
    const id = makeCitizenId('001', 'male', 1990, 7)
    const parsed = validate([member('H1', 'A', 'Chủ hộ', '01/01/1990', 'Nam', id), member('H2', 'B', 'Chủ hộ', '02/02/1990', 'Nam', id)])
    expect(parsed.errors).toMatchObject([{ row: 3, column: 'Số CCCD', code: 'citizen_id_duplicate_in_file', details: { firstRow: 2 } }])
  })

  it('needs exactly one head per household', () => {
    const parsed = validate([
      member('H1', 'A', 'Con', '01/01/2000', 'Nam'),
      member('H2', 'B', 'Chủ hộ', '01/01/1970', 'Nam'),
      member('H2', 'C', 'Chủ hộ', '01/01/1971', 'Nữ'),
    ])
    expect(parsed.errors.map((e) => [e.row, e.code])).toEqual([[2, 'household_head_missing'], [4, 'household_multiple_heads']])
  })

  it('needs the rows of one household to agree on commune, village and address', () => {
    const parsed = validate([member('H1', 'A', 'Chủ hộ', '01/01/1970', 'Nam'), member('H1', 'B', 'Vợ', '01/01/1971', 'Nữ', null, { 'Thôn/bản': 'Thôn Khác' })])
    expect(parsed.errors).toMatchObject([{ row: 3, column: 'Thôn/bản', code: 'import_household_rows_inconsistent' }])
  })

  it('needs a commune code unless a commune was chosen for the whole file', () => {
    const rows = [member('H1', 'A', 'Chủ hộ', '01/01/1970', 'Nam', null, { 'Mã xã': null })]
    expect(validate(rows).errors).toMatchObject([{ row: 2, column: 'Mã xã', code: 'import_value_required' }])
    expect(validate(rows, true).errors).toEqual([])
  })

  it('skips blank rows', () => {
    const parsed = validate([row({}), member('H1', 'A', 'Chủ hộ', '01/01/1970', 'Nam'), row({ 'Mã hộ': '  ' })])
    expect(parsed.rows).toBe(1)
    expect(parsed.errors).toEqual([])
  })
})
