import { RowErrorList } from './row-errors.js'
import { canonicalFullName, type UnitTypeRule } from './unit-types.js'
import { CODE_WIDTH, CURRENT_LAYER_FROM, HISTORICAL_LAYER_TO, type AdminLevel, type AdminUnitRecord, type Layer } from './types.js'

/** A GSO code of the level's exact width, digits only. */
export const isCode = (code: string | undefined, level: AdminLevel): code is string =>
  code !== undefined && code.length === CODE_WIDTH[level] && /^[0-9]+$/.test(code)

/** Builds the unit records of one file, checking codes, names, types and duplicates as it goes. */
export class UnitCollector {
  readonly errors = new RowErrorList()
  readonly units: AdminUnitRecord[] = []
  private readonly seen = new Set<string>()
  row = 0

  constructor(private readonly layer: Layer) {}

  add(
    level: AdminLevel, path: string | undefined,
    fields: { code: unknown; codeColumn: string; name: string | undefined; nameColumn: string; rule: UnitTypeRule | undefined; typeColumn: string; typeValue: unknown },
    parentCode: string | null, provinceCode: string,
  ): string | undefined {
    const code = typeof fields.code === 'string' ? fields.code.trim() || undefined : typeof fields.code === 'number' && Number.isInteger(fields.code) ? String(fields.code) : undefined
    const before = this.errors.count
    if (!isCode(code, level)) this.errors.add(this.row, fields.codeColumn, 'code_invalid', fields.code, path)
    if (fields.name === undefined) this.errors.add(this.row, fields.nameColumn, 'name_missing', null, path)
    if (fields.rule === undefined) this.errors.add(this.row, fields.typeColumn, 'unit_type_unknown', fields.typeValue, path)
    if (code !== undefined && this.seen.has(`${level}:${code}`)) this.errors.add(this.row, fields.codeColumn, 'duplicate_code', code, path)
    if (this.errors.count > before || code === undefined || fields.name === undefined || fields.rule === undefined) return undefined
    this.seen.add(`${level}:${code}`)
    this.units.push({
      layer: this.layer, level, code, name: fields.name, fullName: canonicalFullName(fields.rule, fields.name),
      unitType: fields.rule.unitType, areaType: level === 'commune' ? fields.rule.areaType : null,
      parentCode: level === 'province' ? null : parentCode, provinceCode: level === 'province' ? code : provinceCode,
      validFrom: this.layer === 'current' ? CURRENT_LAYER_FROM : null, validTo: this.layer === 'historical' ? HISTORICAL_LAYER_TO : null,
    })
    return code
  }
}

