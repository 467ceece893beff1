import type { Executor } from '../executor.js'
import type { UnitRow } from '../schema.js'
import { underScope } from '../scope.js'

export async function listUnitsInScope(db: Executor, scopePath: string): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().where(underScope('path', scopePath)).orderBy('path').execute()
}

/** A unit the reader may see, or undefined — the same answer whether it is missing or out of scope. */
export async function findUnitInScope(db: Executor, id: number, scopePath: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).where(underScope('path', scopePath)).executeTakeFirst()
}

export async function findUnitById(db: Executor, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertUnit(
  db: Executor,
  unit: { parentId: number; parentPath: string; kind: string; code: string; name: string; provinceCode: string | null },
): Promise<UnitRow> {
  // The path needs the new id, so it is filled in by a second statement in the same transaction.
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: unit.parentId, kind: unit.kind, code: unit.code, name: unit.name, path: '', province_code: unit.provinceCode })
    .returning('id')
    .executeTakeFirstOrThrow()
  return db
    .updateTable('units')
    .set({ path: `${unit.parentPath}${id}/` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
