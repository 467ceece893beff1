import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { underScope } from '../../db/scope.js'
import { localDateOf, orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { checkPhoto, type CheckResult, type PhotoType } from '../../domain/supervision/index.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

/** A use-of-funds check (form 06/TD, biên bản kiểm tra sử dụng vốn vay) of one loan. */
export interface UseOfFundsCheck {
  readonly id: bigint
  readonly loanId: bigint
  readonly unitId: number
  readonly householdCode: string
  readonly borrowerName: string | null
  readonly programCode: string
  readonly checkedOn: string
  readonly result: CheckResult
  readonly notes: string | null
  readonly recordedBy: number | null
  readonly recordedByName: string | null
  readonly photos: readonly PhotoMeta[]
}

export interface PhotoMeta {
  readonly id: bigint
  readonly checkId: bigint
  readonly fileName: string
  readonly contentType: PhotoType
  readonly sizeBytes: number
  readonly sha256: string
}

/** The photo rule in force on a date (migration 0022 seeds 2 MB and six photos a check). */
export async function photoRule(db: Executor, on: LocalDate) {
  return db.selectFrom('inspection_rules').select(['max_photo_bytes', 'max_photos_per_check', 'valid_from', 'legal_basis'])
    .where('valid_from', '<=', on).orderBy('valid_from', 'desc').limit(1).executeTakeFirstOrThrow()
}

const checks = (db: Executor, scopePath: string) => db.selectFrom('use_of_funds_checks as c')
  .innerJoin('units as u', 'u.id', 'c.unit_id')
  .innerJoin('loans as l', 'l.id', 'c.loan_id')
  .innerJoin('households as h', 'h.id', 'l.household_id')
  .leftJoin('persons as pe', 'pe.id', 'h.head_person_id')
  .leftJoin('users as r', 'r.id', 'c.recorded_by')
  .select(['c.id', 'c.loan_id', 'c.unit_id', 'u.path', 'h.code as household_code', 'pe.full_name as borrower_name', 'l.program_code', 'c.checked_on', 'c.result', 'c.notes',
    'c.recorded_by', 'r.full_name as recorded_by_name', 'c.province_code'])
  .where(underScope('u.path', scopePath))

const photoMetas = (db: Executor) => db.selectFrom('use_of_funds_photos').select(['id', 'check_id', 'file_name', 'content_type', 'size_bytes', 'sha256'])
type CheckRow = Awaited<ReturnType<ReturnType<typeof checks>['executeTakeFirstOrThrow']>>
type PhotoRow = Awaited<ReturnType<ReturnType<typeof photoMetas>['executeTakeFirstOrThrow']>>
const toPhoto = (p: PhotoRow): PhotoMeta => ({ id: p.id, checkId: p.check_id, fileName: p.file_name, contentType: p.content_type, sizeBytes: p.size_bytes, sha256: p.sha256 })

async function withPhotos(db: Executor, rows: readonly CheckRow[]): Promise<UseOfFundsCheck[]> {
  const photos = rows.length === 0 ? [] : await photoMetas(db).where('check_id', 'in', rows.map((r) => r.id)).orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id, loanId: r.loan_id, unitId: r.unit_id, householdCode: r.household_code, borrowerName: r.borrower_name, programCode: r.program_code, checkedOn: r.checked_on,
    result: r.result, notes: r.notes, recordedBy: r.recorded_by, recordedByName: r.recorded_by_name,
    photos: photos.filter((p) => p.check_id === r.id).map(toPhoto),
  }))
}

export interface CheckInput {
  readonly loanId: bigint
  readonly checkedOn: LocalDate
  readonly result: CheckResult
  readonly notes?: string | null | undefined
}

/**
 * Records a 06/TD check of a disbursed loan in the recorder's scope, dated between the loan's
 * first disbursement and today. Audited (`use_of_funds_check.create`).
 */
export async function recordUseOfFundsCheck(db: Executor, ctx: RequestContext, input: CheckInput): Promise<UseOfFundsCheck> {
  requirePermission(ctx, 'inspections.check', 'write')
  return inTransaction(db, async (trx) => {
    const loan = await trx.selectFrom('loans as l').innerJoin('units as u', 'u.id', 'l.commune_unit_id')
      .select((eb) => ['l.id', 'l.province_code', 'u.id as unit_id', 'u.path',
        eb.selectFrom('loan_events as e').select((e) => e.fn.min('e.event_date').as('d')).whereRef('e.loan_id', '=', 'l.id').where('e.type', '=', 'disburse').as('disbursed_on')])
      .where('l.id', '=', input.loanId).where(underScope('u.path', ctx.actor.scopePath)).executeTakeFirst()
    if (!loan) throw new RuleViolation('not_found', { entity: 'loan', id: input.loanId })
    const today = localDateOf(ctx.now)
    const disbursedOn = loan.disbursed_on as string | null
    if (disbursedOn === null || input.checkedOn < disbursedOn || input.checkedOn > today)
      throw new RuleViolation('use_of_funds_check_date_invalid', { checkedOn: input.checkedOn, disbursedOn, today })
    const { id } = await trx.insertInto('use_of_funds_checks').values({
      loan_id: input.loanId, province_code: loan.province_code, unit_id: loan.unit_id, checked_on: input.checkedOn, result: input.result,
      notes: input.notes ?? null, recorded_by: ctx.actor.userId || null, created_at: ctx.now,
    }).returning('id').executeTakeFirstOrThrow()
    const [check] = await withPhotos(trx, [await checks(trx, ctx.actor.scopePath).where('c.id', '=', id).executeTakeFirstOrThrow()])
    await recordAudit(trx, ctx, { action: 'use_of_funds_check.create', entityType: 'use_of_funds_check', entityId: id, after: check, scopePath: loan.path })
    return check!
  })
}

/** The checks in scope (of one loan, or all), newest first, with their photos' metadata. */
export async function listUseOfFundsChecks(db: Executor, ctx: RequestContext, filter: { loanId?: bigint | undefined } = {}): Promise<UseOfFundsCheck[]> {
  requirePermission(ctx, 'inspections.read')
  let q = checks(db, ctx.actor.scopePath)
  if (filter.loanId !== undefined) q = q.where('c.loan_id', '=', filter.loanId)
  return withPhotos(db, await q.orderBy('c.checked_on', 'desc').orderBy('c.id', 'desc').limit(500).execute())
}

/**
 * Attaches a photo to a check: at most the dated rule's size and count, a JPEG, PNG or WebP by
 * its magic bytes (named results photo_too_large, photo_type_invalid, photo_limit_reached).
 * Stored in the database with its SHA-256. Audited (`use_of_funds_photo.add`, without the bytes).
 */
export async function addUseOfFundsPhoto(db: Executor, ctx: RequestContext, checkId: bigint, file: { fileName: string; content: Uint8Array }): Promise<PhotoMeta> {
  requirePermission(ctx, 'inspections.check', 'write')
  return inTransaction(db, async (trx) => {
    const check = await checks(trx, ctx.actor.scopePath).where('c.id', '=', checkId).forUpdate('c').executeTakeFirst()
    if (!check) throw new RuleViolation('not_found', { entity: 'use_of_funds_check', id: checkId })
    const rule = await photoRule(trx, localDateOf(ctx.now))
    const contentType = orThrow(checkPhoto(file.content, rule.max_photo_bytes))
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from use_of_funds_photos where check_id = ${checkId.toString()}::bigint`.execute(trx)
    if (Number(rows[0]!.n) >= rule.max_photos_per_check) throw new RuleViolation('photo_limit_reached', { maxPhotos: rule.max_photos_per_check })
    const sha256 = createHash('sha256').update(file.content).digest('hex')
    const fileName = file.fileName.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'photo'
    const row = await trx.insertInto('use_of_funds_photos').values({
      check_id: checkId, province_code: check.province_code, file_name: fileName, content_type: contentType, size_bytes: file.content.length, sha256,
      data: file.content, created_by: ctx.actor.userId || null, created_at: ctx.now,
    }).returning(['id', 'check_id', 'file_name', 'content_type', 'size_bytes', 'sha256']).executeTakeFirstOrThrow()
    const photo = toPhoto(row)
    await recordAudit(trx, ctx, { action: 'use_of_funds_photo.add', entityType: 'use_of_funds_photo', entityId: photo.id, after: photo, scopePath: check.path })
    return photo
  })
}

/**
 * One photo's bytes. A photo shows a borrower's home and business (personal data): every read is
 * audited (`use_of_funds_photo.view`), whoever reads.
 */
export async function getUseOfFundsPhoto(db: Executor, ctx: RequestContext, photoId: bigint): Promise<PhotoMeta & { content: Uint8Array }> {
  requirePermission(ctx, 'inspections.read')
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('use_of_funds_photos as p').innerJoin('use_of_funds_checks as c', 'c.id', 'p.check_id').innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['p.id', 'p.check_id', 'p.file_name', 'p.content_type', 'p.size_bytes', 'p.sha256', 'p.data', 'u.path'])
      .where('p.id', '=', photoId).where(underScope('u.path', ctx.actor.scopePath)).executeTakeFirst()
    if (!row) throw new RuleViolation('not_found', { entity: 'use_of_funds_photo', id: photoId })
    await recordAudit(trx, ctx, { action: 'use_of_funds_photo.view', entityType: 'use_of_funds_photo', entityId: photoId, scopePath: row.path })
    return { ...toPhoto(row), content: new Uint8Array(row.data) }
  })
}
