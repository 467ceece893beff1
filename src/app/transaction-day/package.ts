import { createHash } from 'node:crypto'
import { z } from 'zod'
import { parseDong, RuleViolation } from '../../domain/shared/index.js'
import { canonicalJson, toJsonSafe } from '../canonical-json.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { captureGroup, type BatchResult } from './capture.js'
import { daySheet } from './sheet.js'

/**
 * The offline package of a transaction day (docs/offline-package.md): everything a laptop with no
 * connection needs to run the day — the point, the date, every group's members with what falls due
 * and each loan's version — sealed with a checksum; the laptop adds `captures` and the package comes
 * back. Money is whole đồng as decimal strings.
 */
export const PACKAGE_FORMAT = 'tdcs-day-package'
export const PACKAGE_VERSION = 1

const Dong = z.string().transform((text, c) => {
  const parsed = parseDong(text)
  if (parsed.ok) return parsed.value as bigint
  c.addIssue({ code: 'custom', message: 'whole đồng as a decimal string' })
  return z.NEVER
})
const Id = z.string().regex(/^\d{1,18}$/).transform((s) => BigInt(s))
/** A captured batch as JSON (money as decimal strings), as the package and the CLI take it. */
export const CaptureSchema = z.object({
  groupId: Id,
  remittedDong: Dong,
  collectedDong: Dong.nullable().default(null),
  lines: z.array(z.object({
    householdId: Id, loanId: Id.nullable().default(null), interestDong: Dong.default(0n), principalDong: Dong.default(0n), savingsDepositDong: Dong.default(0n),
    savingsWithdrawalDong: Dong.default(0n), savingsToPrincipalDong: Dong.default(0n), disbursedDong: Dong.default(0n), recipientPersonId: Id.nullable().default(null),
    memberPaidDong: Dong.nullable().default(null),
  })).min(1).max(400),
})
const PackageSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(PACKAGE_VERSION),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  day: z.object({ id: z.string() }).passthrough(),
  groups: z.array(z.unknown()),
  captures: z.array(CaptureSchema).max(500).default([]),
}).passthrough()

const sealOf = (body: Record<string, unknown>) => createHash('sha256').update(canonicalJson(body)).digest('hex')

/** The day's package, sealed: a checksum over everything but the checksum and the captures. */
export async function exportDayPackage(db: Executor, ctx: RequestContext, dayId: bigint): Promise<Record<string, unknown>> {
  requirePermission(ctx, 'loans.transact', 'write')
  const sheet = await daySheet(db, ctx, dayId)
  const body = toJsonSafe({
    format: PACKAGE_FORMAT, version: PACKAGE_VERSION, exportedAt: ctx.now, exportedBy: ctx.actor.username,
    day: { id: sheet.day.id, transactionPointId: sheet.day.transactionPointId, pointCode: sheet.day.pointCode, pointSiteName: sheet.day.pointSiteName, communeName: sheet.day.communeName, period: sheet.day.period, heldOn: sheet.day.heldOn, startTime: sheet.day.startTime, status: sheet.day.status },
    minDepositDong: sheet.minDepositDong,
    groups: sheet.groups.map((g) => ({ groupId: g.groupId, code: g.code, name: g.name, leaderName: g.leaderName, capturedBatchId: g.capturedBatchId, members: g.members })),
  }) as Record<string, unknown>
  return { ...body, checksum: sealOf(body), captures: [] }
}

export interface PackageImport {
  readonly posted: readonly BatchResult[]
  readonly conflicts: readonly { readonly groupId: bigint; readonly reason: 'already_captured' | 'loan_moved' | 'not_in_package'; readonly loanIds?: readonly bigint[] }[]
}

/**
 * Posts a package's captures, group by group, through the same capture as the screen. A group
 * is a conflict — reported, not posted — when it was captured meanwhile, when one of its loans
 * changed since the package was made (its version moved), or when the package did not carry it.
 * Any other refusal refuses the whole import and names the group, so nothing is half imported.
 */
export async function importDayPackage(db: Executor, ctx: RequestContext, dayId: bigint, json: unknown): Promise<PackageImport> {
  requirePermission(ctx, 'loans.transact', 'write')
  const parsed = PackageSchema.safeParse(json)
  if (!parsed.success) throw new RuleViolation('day_package_invalid', { reason: 'shape', issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) })
  const { checksum, captures, ...rest } = parsed.data
  const sealed = { ...(json as Record<string, unknown>) }
  delete sealed.checksum
  delete sealed.captures
  if (sealOf(sealed) !== checksum) throw new RuleViolation('day_package_invalid', { reason: 'checksum' })
  if (rest.day.id !== dayId.toString()) throw new RuleViolation('day_package_invalid', { reason: 'other_day', packageDayId: rest.day.id })
  const versions = new Map<string, number>()
  const groups = new Set<string>()
  for (const g of rest.groups as { groupId: string; members: { loans: { loanId: string; version: number }[] }[] }[]) {
    groups.add(g.groupId)
    for (const m of g.members) for (const l of m.loans) versions.set(l.loanId, l.version)
  }
  return inTransaction(db, (trx) => importCaptures(trx, ctx, dayId, captures, versions, groups))
}

async function importCaptures(
  db: Executor, ctx: RequestContext, dayId: bigint, captures: readonly z.infer<typeof CaptureSchema>[], versions: ReadonlyMap<string, number>, groups: ReadonlySet<string>,
): Promise<PackageImport> {
  const loanIds = [...versions.keys()]
  const current = new Map(loanIds.length === 0 ? [] : (await db.selectFrom('loans').select(['id', 'version']).where('id', 'in', loanIds.map(BigInt)).execute()).map((r) => [r.id.toString(), r.version]))
  const captured = new Set((await db.selectFrom('day_batches').select('group_id').where('transaction_day_id', '=', dayId).where('kind', '=', 'capture').where('status', '=', 'posted').execute()).map((r) => r.group_id.toString()))
  const posted: BatchResult[] = []
  const conflicts: PackageImport['conflicts'][number][] = []
  for (const capture of captures) {
    const group = capture.groupId.toString()
    if (!groups.has(group)) { conflicts.push({ groupId: capture.groupId, reason: 'not_in_package' }); continue }
    if (captured.has(group)) { conflicts.push({ groupId: capture.groupId, reason: 'already_captured' }); continue }
    const moved = capture.lines.filter((l) => l.loanId !== null && current.get(l.loanId.toString()) !== versions.get(l.loanId.toString())).map((l) => l.loanId!)
    if (moved.length > 0) { conflicts.push({ groupId: capture.groupId, reason: 'loan_moved', loanIds: moved }); continue }
    try {
      posted.push(await captureGroup(db, ctx, dayId, capture))
    } catch (error) {
      if (error instanceof RuleViolation) throw new RuleViolation(error.code, { ...error.details, groupId: capture.groupId })
      throw error
    }
  }
  return { posted, conflicts }
}
