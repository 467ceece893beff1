import { formatVnDate, fromYmd, messageOf, parseIsoDate, parseVnDate, type LocalDate, type Result, type ResultCode } from '../shared/index.js'
import { checkCitizenId, type CitizenId, type Sex } from './citizen-id.js'
import { checkComposition } from './household-rules.js'
import { checkHouseholdCode } from './household-code.js'
import { headerOf, type ColumnMap, type ImportField } from './import-columns.js'
import { foldName, normalizeFullName } from './name.js'
import { checkEthnicity, checkPhone, type CheckedPerson } from './person.js'
import { parseRelation, type Relation } from './relation.js'

/** A cell as a spreadsheet reader hands it over. */
export type RawCell = string | number | boolean | Date | null | undefined

/** One line of the error report: where, which rule, and the message in both languages. */
export interface ImportRowError {
  /** The spreadsheet row (the header is row 1). */
  readonly row: number
  /** The column header, or null for a rule about the whole household. */
  readonly column: string | null
  readonly code: ResultCode
  readonly message: { readonly vi: string; readonly en: string }
  readonly details?: Readonly<Record<string, unknown>>
}

export interface ImportMember {
  readonly row: number
  readonly relation: Relation
  readonly person: CheckedPerson
}

/** A row that passed its own rules, as addRow hands it back. */
export interface AcceptedMember {
  readonly member: ImportMember
  readonly householdCode: string
  /** The household's commune code as far as the rows read so far say (null: not given yet). */
  readonly communeCode: string | null
}

export interface ImportHousehold {
  readonly code: string
  /** The first row of the household in the file. */
  readonly row: number
  readonly communeCode: string | null
  readonly village: string | null
  readonly address: string | null
  readonly members: readonly ImportMember[]
}

export interface ParsedImport {
  readonly households: readonly ImportHousehold[]
  readonly errors: readonly ImportRowError[]
  /** Data rows read (blank rows are skipped, not counted). */
  readonly rows: number
}

export interface ImportRowsOptions {
  readonly today: LocalDate
  /** A commune was chosen for the whole import: the Mã xã column may be empty. */
  readonly communeChosen: boolean
}

export function rowError(row: number, field: ImportField | null, code: ResultCode, details?: Readonly<Record<string, unknown>>): ImportRowError {
  const base = { row, column: field === null ? null : headerOf(field), code, message: messageOf(code) }
  return details === undefined ? base : { ...base, details }
}

function text(cell: RawCell): string | null {
  if (cell === null || cell === undefined) return null
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : formatVnDate(dateOfCell(cell))
  if (typeof cell === 'boolean') return cell ? 'Có' : 'Không'
  const s = String(cell).trim()
  return s === '' ? null : s
}

/** Spreadsheet dates are UTC midnights of the calendar day (exceljs, Excel serials). */
function dateOfCell(d: Date): LocalDate {
  return fromYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

function parseDateCell(cell: RawCell): Result<LocalDate> | null {
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) {
    const y = cell.getUTCFullYear()
    if (y >= 1900 && y <= 2200) return { ok: true, value: dateOfCell(cell) }
  }
  const s = text(cell)
  if (s === null) return null
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseIsoDate(s) : parseVnDate(s)
}

const YES = new Set(['co', 'x', '1', 'yes', 'true', 'c'])
const NO = new Set(['khong', '0', 'no', 'false', 'k'])
function parseYesNo(cell: RawCell): Result<boolean> | null {
  if (typeof cell === 'boolean') return { ok: true, value: cell }
  const s = text(cell)
  if (s === null) return null
  const f = foldName(s)
  if (YES.has(f)) return { ok: true, value: true }
  if (NO.has(f)) return { ok: true, value: false }
  return { ok: false, code: 'import_value_invalid', details: { value: s, allowed: ['Có', 'Không'] } }
}

function parseSex(cell: RawCell): Result<Sex> | null {
  const s = text(cell)
  if (s === null) return null
  const f = foldName(s)
  if (f === 'nam' || f === 'male' || f === 'm') return { ok: true, value: 'male' }
  if (f === 'nu' || f === 'female' || f === 'f') return { ok: true, value: 'female' }
  return { ok: false, code: 'import_value_invalid', details: { value: s, allowed: ['Nam', 'Nữ'] } }
}

/** A number cell lost the leading zeros of a citizen id typed without the text format: restore them. */
function citizenIdText(cell: RawCell): string | null {
  if (typeof cell === 'number' && Number.isSafeInteger(cell) && cell >= 0 && cell < 1e12) return String(cell).padStart(12, '0')
  return text(cell)
}

/** Caches the reading of a categorical cell: registries repeat a handful of values a million times. */
function memo<T>(read: (cell: string) => T): (cell: string) => T {
  const cache = new Map<string, T>()
  return (cell) => {
    let value = cache.get(cell)
    if (value === undefined) {
      value = read(cell)
      if (cache.size < 10_000) cache.set(cell, value)
    }
    return value
  }
}

interface PendingHousehold {
  code: string
  row: number
  communeCode: string | null
  village: string | null
  address: string | null
  members: ImportMember[]
  /** A row of the household had an error: its composition is not judged. */
  broken: boolean
}

/**
 * Checks registry rows one at a time and groups them into households: `addRow` for each data row
 * in file order, then `finish`. Every problem becomes one line of the report, so a clerk can fix
 * the whole file in one pass; `finish` also checks what spans rows (a head per household, the
 * same commune and address on every row of a household, no citizen id twice).
 */
export class ImportRowsValidator {
  private readonly households = new Map<string, PendingHousehold>()
  private readonly errors: ImportRowError[] = []
  private readonly citizenIdRows = new Map<string, number>()
  private rows = 0
  private readonly relationOf = memo(parseRelation)
  private readonly sexOf = memo((s: string) => parseSex(s))
  private readonly yesNoOf = memo((s: string) => parseYesNo(s))
  private readonly folded = memo(foldName)

  constructor(
    private readonly columns: ColumnMap,
    private readonly options: ImportRowsOptions,
  ) {}

  private cell(cells: readonly RawCell[], field: ImportField): RawCell {
    const index = this.columns[field]
    return index === undefined ? null : cells[index]
  }

  /** How many lines the report has so far. */
  get errorCount(): number {
    return this.errors.length
  }

  /**
   * Adds one data row; blank rows are ignored. Returns the member when the row is right, with
   * its household's code and commune code as known so far (a caller may store people early).
   */
  addRow(row: number, cells: readonly RawCell[]): AcceptedMember | undefined {
    if (cells.every((c) => text(c) === null)) return undefined
    this.rows++
    const errorsBefore = this.errors.length
    const err = (field: ImportField | null, code: ResultCode, details?: Readonly<Record<string, unknown>>) => this.errors.push(rowError(row, field, code, details))
    const required = <T>(field: ImportField, value: T | null): T | null => {
      if (value === null) err(field, 'import_value_required')
      return value
    }

    const rawCode = required('householdCode', text(this.cell(cells, 'householdCode')))
    let code = rawCode
    if (rawCode !== null) {
      const checked = checkHouseholdCode(rawCode)
      if (!checked.ok) err('householdCode', checked.code, checked.details)
      else code = checked.value
    }
    const communeCode = text(this.cell(cells, 'communeCode'))
    const village = text(this.cell(cells, 'village'))
    const address = text(this.cell(cells, 'address'))

    const rawName = required('fullName', text(this.cell(cells, 'fullName')))
    const name = rawName === null ? null : normalizeFullName(rawName)
    if (name !== null && !name.ok) err('fullName', name.code, name.details)

    const rawRelation = required('relation', text(this.cell(cells, 'relation')))
    const relation = rawRelation === null ? null : this.relationOf(rawRelation)
    if (relation !== null && !relation.ok) err('relation', relation.code, { relation: rawRelation })

    const birth = required('birthDate', parseDateCell(this.cell(cells, 'birthDate')))
    let birthDate: LocalDate | null = null
    if (birth !== null) {
      if (!birth.ok) err('birthDate', birth.code, { value: text(this.cell(cells, 'birthDate')) })
      else if (birth.value > this.options.today) err('birthDate', 'birth_date_in_future', { birthDate: birth.value })
      else birthDate = birth.value
    }

    const sexCell = this.cell(cells, 'sex')
    const sexResult = required('sex', typeof sexCell === 'string' ? this.sexOf(sexCell) : parseSex(sexCell))
    const sex = sexResult?.ok ? sexResult.value : null
    if (sexResult !== null && !sexResult.ok) err('sex', sexResult.code, sexResult.details)

    const rawCitizenId = citizenIdText(this.cell(cells, 'citizenId'))
    let citizenId: string | null = null
    if (rawCitizenId !== null) {
      const checked = checkCitizenId(rawCitizenId, { sex, birthDate })
      if (!checked.ok) err('citizenId', checked.code, checked.details)
      else {
        citizenId = checked.value
        const firstRow = this.citizenIdRows.get(citizenId)
        if (firstRow !== undefined) err('citizenId', 'citizen_id_duplicate_in_file', { citizenId, firstRow })
        else this.citizenIdRows.set(citizenId, row)
      }
    }

    const phone = checkPhone(text(this.cell(cells, 'phone')))
    if (!phone.ok) err('phone', phone.code, phone.details)
    const ethnicity = checkEthnicity(text(this.cell(cells, 'ethnicity')))
    if (!ethnicity.ok) err('ethnicity', ethnicity.code, ethnicity.details)
    const healthInsured = this.yesNo(this.cell(cells, 'healthInsured'))
    if (healthInsured !== null && !healthInsured.ok) err('healthInsured', healthInsured.code, healthInsured.details)
    const inSchool = this.yesNo(this.cell(cells, 'inSchool'))
    if (inSchool !== null && !inSchool.ok) err('inSchool', inSchool.code, inSchool.details)

    if (code === null) return undefined
    const household = this.householdOf(code, row)
    if (!this.options.communeChosen || communeCode !== null) household.communeCode = this.agree(household, row, 'communeCode', household.communeCode, communeCode)
    household.village = this.agree(household, row, 'village', household.village, village)
    household.address = this.agree(household, row, 'address', household.address, address)

    const rowOk = this.errors.length === errorsBefore
    if (!rowOk || name === null || !name.ok || relation === null || !relation.ok) {
      household.broken = true
      return undefined
    }
    // Every rule of checkPerson was applied above, cell by cell, to report each wrong cell.
    const person: CheckedPerson = {
      fullName: name.value, nameSearch: foldName(name.value), birthDate, sex, citizenId: citizenId as CitizenId | null,
      ethnicity: ethnicity.ok ? ethnicity.value : null, phone: phone.ok ? phone.value : null,
      healthInsured: healthInsured?.ok ? healthInsured.value : null, inSchool: inSchool?.ok ? inSchool.value : null,
    }
    const member: ImportMember = { row, relation: relation.value, person }
    household.members.push(member)
    return { member, householdCode: household.code, communeCode: household.communeCode }
  }

  private yesNo(cell: RawCell): Result<boolean> | null {
    return typeof cell === 'string' ? this.yesNoOf(cell) : parseYesNo(cell)
  }

  private householdOf(code: string, row: number): PendingHousehold {
    let household = this.households.get(code)
    if (household === undefined) {
      household = { code, row, communeCode: null, village: null, address: null, members: [], broken: false }
      this.households.set(code, household)
    }
    return household
  }

  /** Rows of one household must agree on a household-level value; an empty cell takes the others'. */
  private agree(household: PendingHousehold, row: number, field: ImportField, known: string | null, value: string | null): string | null {
    if (value === null) return known
    if (known === null || known === value) return known ?? value
    if (this.folded(known) !== this.folded(value)) {
      this.errors.push(rowError(row, field, 'import_household_rows_inconsistent', { householdCode: household.code, firstRow: household.row, expected: known, value }))
      household.broken = true
    }
    return known
  }

  /** The households and the full error report. */
  finish(): ParsedImport {
    const households: ImportHousehold[] = []
    for (const h of this.households.values()) {
      if (!this.options.communeChosen && h.communeCode === null) {
        this.errors.push(rowError(h.row, 'communeCode', 'import_value_required', { householdCode: h.code }))
        continue
      }
      if (h.broken) continue
      const composition = checkComposition(h.members)
      if (!composition.ok) {
        const heads = h.members.filter((m) => m.relation === 'head')
        const row = composition.code === 'household_multiple_heads' ? (heads[1]?.row ?? h.row) : h.row
        this.errors.push(rowError(row, 'relation', composition.code, { householdCode: h.code, ...composition.details }))
        continue
      }
      households.push({ code: h.code, row: h.row, communeCode: h.communeCode, village: h.village, address: h.address, members: h.members })
    }
    this.errors.sort((a, b) => a.row - b.row)
    return { households, errors: this.errors, rows: this.rows }
  }
}
