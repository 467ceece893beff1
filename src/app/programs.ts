import { sql } from 'kysely'
import { parseProgramTerms, rateSegments, termsOn, type BaseRate, type ProgramTerms, type TermsVersion } from '../domain/programs/index.js'
import { addDays, compareDates, orThrow, RuleViolation, type LocalDate } from '../domain/shared/index.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'

export interface Program {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly borrowerKind: string
  readonly active: boolean
  readonly versions: ReadonlyArray<TermsVersion & { readonly note: string | null; readonly termsJson: unknown }>
}

/** Loads every program with its dated terms, parsed (a stored version that does not parse is a bug). */
export async function loadPrograms(db: Executor): Promise<Program[]> {
  const [programs, terms] = await Promise.all([
    db.selectFrom('programs').selectAll().orderBy('code').execute(),
    db.selectFrom('program_terms').selectAll().orderBy('program_code').orderBy('valid_from').execute(),
  ])
  return programs.map((p) => ({
    code: p.code, nameVi: p.name_vi, nameEn: p.name_en, borrowerKind: p.borrower_kind, active: p.active,
    versions: terms.filter((t) => t.program_code === p.code).map((t) => ({
      id: t.id, validFrom: t.valid_from as LocalDate, validTo: t.valid_to as LocalDate | null, legalBasis: t.legal_basis, note: t.note,
      terms: orThrow(parseProgramTerms(t.terms)), termsJson: t.terms,
    })),
  }))
}

export async function listPrograms(db: Executor, ctx: RequestContext): Promise<Program[]> {
  requirePermission(ctx, 'programs.read')
  return loadPrograms(db)
}

/**
 * The catalogue as the programs page shows it: each version with the yearly rates it resolves to
 * by date (a rate relative to the poor-household base rate follows every base-rate change).
 */
export async function programCatalogue(db: Executor, ctx: RequestContext) {
  const [programs, baseRates] = await Promise.all([listPrograms(db, ctx), loadBaseRates(db)])
  return programs.map((p) => ({
    ...p,
    versions: p.versions.map((v) => ({ ...v, rates: rateSegments(v, [v], baseRates).map((s) => ({ from: s.from, yearlyMicros: s.yearlyMicros })) })),
  }))
}

export async function loadBaseRates(db: Executor): Promise<BaseRate[]> {
  const rows = await db.selectFrom('base_rates').selectAll().orderBy('valid_from').execute()
  return rows.map((r) => ({ validFrom: r.valid_from as LocalDate, yearlyMicros: r.yearly_micros }))
}

/** The terms of a program in force on a date. */
export async function programTermsOn(db: Executor, programCode: string, date: LocalDate): Promise<{ version: TermsVersion; all: readonly TermsVersion[] }> {
  const program = (await loadPrograms(db)).find((p) => p.code === programCode)
  if (!program) throw new RuleViolation('not_found', { entity: 'program', code: programCode })
  return { version: orThrow(termsOn(program.versions, date)), all: program.versions }
}

export interface NewTermsInput {
  readonly programCode: string
  readonly validFrom: LocalDate
  readonly legalBasis: string
  readonly note: string | null
  readonly terms: unknown
}

/**
 * Records a new version of a program's terms from a date, with its legal basis. The version in
 * force until then ends the day before. Versions cannot be rewritten once loans may use them: a
 * change is always a new version.
 */
export async function addProgramTerms(db: Executor, ctx: RequestContext, input: NewTermsInput): Promise<TermsVersion> {
  requirePermission(ctx, 'programs.manage', 'write')
  const terms: ProgramTerms = orThrow(parseProgramTerms(input.terms))
  if (!input.legalBasis.trim()) throw new RuleViolation('validation_failed', { field: 'legalBasis' })
  return inTransaction(db, async (trx) => {
    const program = await trx.selectFrom('programs').select('code').where('code', '=', input.programCode).executeTakeFirst()
    if (!program) throw new RuleViolation('not_found', { entity: 'program', code: input.programCode })
    const later = await trx.selectFrom('program_terms').select('valid_from').where('program_code', '=', input.programCode).where('valid_from', '>=', input.validFrom).executeTakeFirst()
    if (later) throw new RuleViolation('program_terms_not_latest', { existingFrom: later.valid_from })
    const previous = await trx.selectFrom('program_terms').select(['id', 'valid_from', 'valid_to']).where('program_code', '=', input.programCode).orderBy('valid_from', 'desc').limit(1).executeTakeFirst()
    // program_terms rows are data with a history: closing the previous version is the one update allowed.
    if (previous && (previous.valid_to === null || compareDates(previous.valid_to as LocalDate, input.validFrom) >= 0))
      await trx.updateTable('program_terms').set({ valid_to: addDays(input.validFrom, -1) }).where('id', '=', previous.id).execute()
    const { id } = await trx
      .insertInto('program_terms')
      .values({ program_code: input.programCode, valid_from: input.validFrom, valid_to: null, legal_basis: input.legalBasis.trim(), note: input.note, terms: sql`${JSON.stringify(input.terms)}::jsonb` })
      .returning('id')
      .executeTakeFirstOrThrow()
    await refreshRateSegments(trx)
    await recordAudit(trx, ctx, { action: 'program.terms_add', entityType: 'program', entityId: input.programCode, before: previous ?? null, after: { id, validFrom: input.validFrom, legalBasis: input.legalBasis, terms: input.terms } })
    return { id, validFrom: input.validFrom, validTo: null, legalBasis: input.legalBasis.trim(), terms }
  })
}

/**
 * Rebuilds `program_rate_segments`: for every terms version, the yearly rate from each date on, as
 * a loan contracted under it accrues (repricing and base-rate changes included). The month-end
 * close accrues interest in SQL from this table. A few rows per version: delete and insert.
 */
export async function refreshRateSegments(trx: Executor): Promise<void> {
  const [programs, baseRates] = await Promise.all([loadPrograms(trx), loadBaseRates(trx)])
  const rows = programs.flatMap((p) =>
    p.versions.flatMap((v) => rateSegments(v, p.versions, baseRates).map((s) => ({ terms_id: v.id, from_date: s.from, yearly_micros: s.yearlyMicros.toString() }))),
  )
  await trx.deleteFrom('program_rate_segments').execute()
  if (rows.length)
    await sql`insert into program_rate_segments (terms_id, from_date, yearly_micros)
              select terms_id, from_date, yearly_micros from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(terms_id integer, from_date date, yearly_micros bigint)
              on conflict do nothing`.execute(trx)
}
