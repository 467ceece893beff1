import { createHash } from 'node:crypto'
import {
  foldName,
  ImportRowsValidator,
  mapHeader,
  rowError,
  type AcceptedMember,
  type ImportHousehold,
  type ImportRowError,
  type ParsedImport,
} from '../../domain/households/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  allocateIdStrings,
  findRegisteredCitizens,
  householdCodesTaken,
  insertEvents,
  insertHouseholds,
  insertMembers,
  insertPersons,
  listCommunesWithPlace,
  listVillagesOf,
  type CommuneWithPlace,
  type NewEvent,
  type NewHousehold,
  type NewMember,
  type NewPerson,
} from '../../db/repositories/households.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { citizenIdInOtherHousehold, placeOfCommune, resolveCommune, todayOf, type ResolvedCommune } from './shared.js'
import { EarlyPersonWriter } from './import-person-writer.js'
import { formatOf, readRowBatches, type SpreadsheetFormat } from './spreadsheet.js'

/** The error report lists at most this many lines; `errorCount` tells how many there were. */
export const MAX_REPORTED_ERRORS = 1000
/** Households written per round: ~4 members each, so persons go in statements of ~10,000 rows. */
const HOUSEHOLDS_PER_ROUND = 2500

export type ImportPhase = 'read' | 'check' | 'write'
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void

export interface ImportInput {
  readonly fileName: string
  readonly content: Uint8Array
  /** Every row goes to this commune unit; the Mã xã column may then be empty (or must match). */
  readonly communeUnitId?: number | undefined
  readonly onProgress?: ImportProgress | undefined
}

export interface ImportSummary {
  readonly fileName: string
  readonly format: 'xlsx' | 'csv'
  readonly rows: number
  readonly households: number
  readonly members: number
  readonly communes: readonly { readonly unitId: number; readonly name: string; readonly households: number }[]
}

/** The details of `import_rejected`: the first lines of the row-by-row report and the total. */
export interface ImportRejection {
  readonly fileName: string
  readonly rows: number
  readonly errorCount: number
  readonly errors: readonly ImportRowError[]
}

function reject(fileName: string, rows: number, errors: readonly ImportRowError[]): RuleViolation {
  const sorted = [...errors].sort((a, b) => a.row - b.row)
  const details: ImportRejection = { fileName, rows, errorCount: sorted.length, errors: sorted.slice(0, MAX_REPORTED_ERRORS) }
  return new RuleViolation('import_rejected', { ...details })
}

/** Rows checked between two turns of the event loop, so the database's replies are taken up promptly. */
const YIELD_EVERY_ROWS = 500

/** Lets pending I/O (the database's replies) run between batches of a reader that never waits. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Reads the header and feeds every data row to the validator, streaming; `onMember` gets each right row. */
async function readAndCheck(input: ImportInput, format: SpreadsheetFormat, communeChosen: boolean, today: LocalDate, onMember: (accepted: AcceptedMember, fileHasErrors: boolean) => void) {
  const progress = input.onProgress
  let validator: ImportRowsValidator | undefined
  let sinceYield = 0
  for await (const batch of readRowBatches(input.content, format, progress ? (done, total) => progress('read', done, total) : undefined)) {
    for (const { row, cells } of batch) {
      if (validator === undefined) {
        if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue
        const header = cells.map((c) => (c === null || c === undefined ? null : String(c)))
        validator = new ImportRowsValidator(orThrow(mapHeader(header)), { today, communeChosen })
        continue
      }
      const accepted = validator.addRow(row, cells)
      if (accepted !== undefined) onMember(accepted, validator.errorCount > 0)
      if (++sinceYield >= YIELD_EVERY_ROWS) {
        sinceYield = 0
        await yieldToEventLoop()
      }
    }
  }
  if (validator === undefined) throw new RuleViolation('import_file_empty', { fileName: input.fileName })
  return validator.finish()
}

interface Placed {
  readonly household: ImportHousehold
  readonly commune: ResolvedCommune
  readonly villageUnitId: number | null
}

/** Resolves communes and villages, and checks codes and citizen ids against the database, set-based. */
async function checkAgainstDatabase(trx: Executor, ctx: RequestContext, households: readonly ImportHousehold[], chosen: ResolvedCommune | undefined, checkedRows: ReadonlySet<number>) {
  const errors: ImportRowError[] = []
  const codes = [...new Set(households.map((h) => h.communeCode).filter((c) => c !== null))]
  const communes = new Map<string, CommuneWithPlace>((await listCommunesWithPlace(trx, ctx.actor.scopePath, codes)).map((c) => [c.admin_code ?? '', c]))
  const resolved = new Map<number, ResolvedCommune | RuleViolation>()
  const resolve = (unit: CommuneWithPlace): ResolvedCommune | RuleViolation => {
    let r = resolved.get(unit.id)
    if (r === undefined) {
      try {
        r = placeOfCommune(unit)
      } catch (error) {
        if (!(error instanceof RuleViolation)) throw error
        r = error
      }
      resolved.set(unit.id, r)
    }
    return r
  }
  const communeOf = (h: ImportHousehold): ResolvedCommune | undefined => {
    if (chosen !== undefined) {
      if (h.communeCode !== null && h.communeCode !== chosen.unit.admin_code) {
        errors.push(rowError(h.row, 'communeCode', 'import_commune_mismatch', { communeCode: h.communeCode, expected: chosen.unit.admin_code }))
        return undefined
      }
      return chosen
    }
    const unit = h.communeCode === null ? undefined : communes.get(h.communeCode)
    if (unit === undefined) {
      errors.push(rowError(h.row, 'communeCode', 'import_commune_unknown', { communeCode: h.communeCode }))
      return undefined
    }
    const r = resolve(unit)
    if (r instanceof RuleViolation) {
      errors.push(rowError(h.row, 'communeCode', r.code, r.details))
      return undefined
    }
    return r
  }

  const withCommune = households.map((h) => ({ household: h, commune: communeOf(h) }))
  const communeIds = [...new Set(withCommune.map((x) => x.commune?.unit.id).filter((id) => id !== undefined))]
  const villages = new Map<string, number>()
  for (const v of await listVillagesOf(trx, communeIds)) {
    villages.set(`${v.parent_id}|${foldName(v.name)}`, v.id)
    villages.set(`${v.parent_id}|${foldName(v.code)}`, v.id)
  }
  const placed: Placed[] = []
  for (const { household: h, commune } of withCommune) {
    if (commune === undefined) continue
    let villageUnitId: number | null = null
    if (h.village !== null) {
      const found = villages.get(`${commune.unit.id}|${foldName(h.village)}`)
      if (found === undefined) {
        errors.push(rowError(h.row, 'village', 'import_village_unknown', { village: h.village, communeUnitId: commune.unit.id }))
        continue
      }
      villageUnitId = found
    }
    placed.push({ household: h, commune, villageUnitId })
  }

  const taken = await householdCodesTaken(trx, households.map((h) => h.code))
  for (const h of households) if (taken.has(h.code)) errors.push(rowError(h.row, 'householdCode', 'household_code_taken', { code: h.code }))

  const rowOfCitizen = new Map<string, number>()
  for (const h of households) for (const m of h.members) if (m.person.citizenId !== null && !checkedRows.has(m.row)) rowOfCitizen.set(m.person.citizenId, m.row)
  for (const registered of await findRegisteredCitizens(trx, [...rowOfCitizen.keys()])) {
    const row = rowOfCitizen.get(registered.citizen_id) ?? 0
    if (registered.household_id !== null) {
      const v = citizenIdInOtherHousehold(ctx, registered.citizen_id, registered.household_code, registered.commune_path)
      errors.push(rowError(row, 'citizenId', v.code, v.details))
    } else errors.push(rowError(row, 'citizenId', 'citizen_id_already_registered', { citizenId: registered.citizen_id }))
  }
  return { placed, errors }
}

/**
 * Writes the checked households in rounds of 2,500 (about 10,000 persons): four statements per
 * round, each carrying thousands of rows. Ids are drawn up front, so while the database works on
 * one round the next is being built (the connection runs the queued statements in order; node
 * and the server use a core each). On PGlite the two take turns on one thread.
 */
async function write(
  trx: Executor,
  ctx: RequestContext,
  placed: readonly Placed[],
  stored: ReadonlyMap<number, string>,
  today: LocalDate,
  note: string,
  onProgress?: ImportProgress,
): Promise<number> {
  const createdBy = ctx.actor.userId === 0 ? null : ctx.actor.userId
  const totalPersons = placed.reduce((n, p) => n + p.household.members.length, 0)
  // People stored while reading keep their ids; the others (rows that named no commune) get theirs now.
  const personIds = await allocateIdStrings(trx, 'persons', totalPersons - stored.size)
  const householdIds = await allocateIdStrings(trx, 'households', placed.length)
  let nextPerson = 0
  let inFlight: Promise<unknown> | undefined
  let written = 0
  for (let start = 0; start < placed.length; start += HOUSEHOLDS_PER_ROUND) {
    const round = placed.slice(start, start + HOUSEHOLDS_PER_ROUND)
    const persons: NewPerson[] = []
    const households: NewHousehold[] = []
    const links: NewMember[] = []
    const events: NewEvent[] = []
    round.forEach((p, index) => {
      const householdId = householdIds[start + index]!
      const ids: string[] = []
      let headId: string | undefined
      for (const m of p.household.members) {
        const known = stored.get(m.row)
        const id = known ?? personIds[nextPerson++]!
        ids.push(id)
        if (m.relation === 'head') headId = id
        if (known !== undefined) {
          links.push({ household_id: householdId, person_id: id, relation: m.relation, joined_on: today })
          continue
        }
        const person = m.person
        persons.push({
          id, province_code: p.commune.provinceCode, full_name: person.fullName, name_search: person.nameSearch, birth_date: person.birthDate, sex: person.sex,
          ethnicity: person.ethnicity, citizen_id: person.citizenId, phone: person.phone, health_insured: person.healthInsured, in_school: person.inSchool,
        })
        links.push({ household_id: householdId, person_id: id, relation: m.relation, joined_on: today })
      }
      if (headId === undefined) throw new Error(`checked household ${p.household.code} has no head`)
      households.push({
        id: householdId, code: p.household.code, province_code: p.commune.provinceCode, commune_unit_id: p.commune.unit.id, village_unit_id: p.villageUnitId,
        address: p.household.address, residence_type: p.commune.residenceType, head_person_id: headId, formed_on: today,
      })
      events.push({ province_code: p.commune.provinceCode, kind: 'formed', on_date: today, source_household_ids: [], target_household_ids: [householdId], person_ids: ids, note, created_by: createdBy })
    })
    // Wait for the previous round only now, after building this one: at most two rounds in memory.
    if (inFlight !== undefined) await inFlight
    onProgress?.('write', written, placed.length)
    // Issued together, run in this order on the one connection: persons before the households that name their heads.
    inFlight = Promise.all([persons.length > 0 ? insertPersons(trx, persons) : undefined, insertHouseholds(trx, households), insertMembers(trx, links, { fresh: true }), insertEvents(trx, events)])
    written += round.length
  }
  if (inFlight !== undefined) await inFlight
  onProgress?.('write', placed.length, placed.length)
  return totalPersons
}

/**
 * Imports a registry file (.xlsx or .csv, one row per member, grouped by Mã hộ) all or nothing:
 * every row is checked — the rules of each person and household, then communes, villages,
 * household codes and citizen ids against the database — and the transaction commits only when
 * the file has no error at all; the writes are set-based. A file with errors is refused with
 * `import_rejected` and its row-by-row report. People are stored while the file is still being
 * read (see EarlyPersonWriter), inside the same transaction.
 */
export async function importHouseholds(db: Executor, ctx: RequestContext, input: ImportInput): Promise<ImportSummary> {
  requirePermission(ctx, 'households.manage', 'write')
  const today = todayOf(ctx)
  const format = formatOf(input.fileName, input.content)
  const sha256 = createHash('sha256').update(input.content).digest('hex')
  // A chosen commune is checked first: a wrong one makes every row wrong.
  const chosen = input.communeUnitId === undefined ? undefined : await resolveCommune(db, ctx, input.communeUnitId)
  return inTransaction(db, async (trx) => {
    const early = new EarlyPersonWriter(trx, ctx, chosen)
    let parsed: ParsedImport
    try {
      parsed = await readAndCheck(input, format, chosen !== undefined, today, (accepted, fileHasErrors) => early.offer(accepted, fileHasErrors))
    } catch (error) {
      // Let a batch in flight finish before the rollback: the connection runs one statement at a time.
      await early.settle()
      throw error
    }
    await early.finish()
    if (parsed.rows === 0) throw new RuleViolation('import_file_empty', { fileName: input.fileName })
    input.onProgress?.('check', 0, parsed.households.length)
    const { placed, errors } = await checkAgainstDatabase(trx, ctx, parsed.households, chosen, early.checkedRows)
    const allErrors = [...parsed.errors, ...early.errors, ...errors]
    if (allErrors.length > 0) throw reject(input.fileName, parsed.rows, allErrors)
    input.onProgress?.('check', parsed.households.length, parsed.households.length)
    const members = await write(trx, ctx, placed, early.personIds, today, `import: ${input.fileName}`, input.onProgress)
    const byCommune = new Map<number, { commune: ResolvedCommune; households: number; members: number }>()
    for (const p of placed) {
      const entry = byCommune.get(p.commune.unit.id) ?? { commune: p.commune, households: 0, members: 0 }
      entry.households++
      entry.members += p.household.members.length
      byCommune.set(p.commune.unit.id, entry)
    }
    // One audit row per commune and file: the rows themselves are the registry's record.
    for (const { commune, households, members: communeMembers } of byCommune.values())
      await recordAudit(trx, ctx, {
        action: 'household.import', entityType: 'unit', entityId: commune.unit.id,
        after: { fileName: input.fileName, sha256, households, members: communeMembers }, scopePath: commune.unit.path,
      })
    return {
      fileName: input.fileName,
      format,
      rows: parsed.rows,
      households: placed.length,
      members,
      communes: [...byCommune.values()].map((c) => ({ unitId: c.commune.unit.id, name: c.commune.unit.name, households: c.households })),
    }
  })
}
