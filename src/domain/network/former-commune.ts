import { fail, ok, type Result } from '../shared/index.js'

/**
 * Which former commune a village (or a transaction point) belongs to, given the old communes its
 * current commune was formed from. A given code must be one of them. Without one: a commune with
 * a single predecessor implies it; one with several needs the choice, since the village's
 * history could sit under any of them; one with none (formed from a whole old district) has none.
 *
 * @example chooseFormerCommune(['26779', '26767'], undefined) → former_commune_required
 */
export function chooseFormerCommune(predecessors: readonly string[], given: string | null | undefined): Result<string | null> {
  if (given !== null && given !== undefined && given !== '') {
    return predecessors.includes(given) ? ok(given) : fail('former_commune_not_predecessor', { formerCommuneCode: given, predecessors })
  }
  if (predecessors.length === 1) return ok(predecessors[0] as string)
  if (predecessors.length === 0) return ok(null)
  return fail('former_commune_required', { predecessors })
}
