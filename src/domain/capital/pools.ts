import { fail, ok, type Result } from '../shared/index.js'

/**
 * Capital pools of one source down the bank hierarchy. A unit that has received or been
 * allocated capital of the source *holds* it; every loan draws on the nearest holding unit at or
 * above its commune. A pool's balance is what the unit holds minus the outstanding of the loans
 * drawing on it; the balance of a subtree is the sum of its pools (= capital − outstanding of
 * the subtree, whatever the allocations inside it).
 */
export interface PoolInput {
  /** Capital held per unit: received + allocated in + interest added − allocated out − returned. */
  readonly heldDong: ReadonlyMap<number, bigint>
  /** Outstanding principal per loan unit (the loan's commune), with that unit's path '/1/4/9/'. */
  readonly outstanding: ReadonlyArray<{ readonly unitId: number; readonly path: string; readonly dong: bigint }>
}

/** The nearest unit on a path (deepest first, itself included) that holds capital, or null. */
export function nearestHolder(path: string, held: ReadonlyMap<number, bigint>): number | null {
  const ids = path.split('/').filter((s) => s !== '').map(Number)
  for (let i = ids.length - 1; i >= 0; i--) if (held.has(ids[i]!)) return ids[i]!
  return null
}

/**
 * Each holding unit's pool balance: held − outstanding of the loans drawing on it. Loans under
 * no holder are left out (they draw on the source's global fund only).
 * @example poolBalances({ heldDong: new Map([[4, 10n], [9, 3n]]), outstanding: [{ unitId: 9, path: '/1/4/9/', dong: 2n }] })
 * // Map { 4 => 10n, 9 => 1n }
 */
export function poolBalances(input: PoolInput): Map<number, bigint> {
  const pools = new Map(input.heldDong)
  for (const o of input.outstanding) {
    const holder = nearestHolder(o.path, input.heldDong)
    if (holder !== null) pools.set(holder, pools.get(holder)! - o.dong)
  }
  return pools
}

/**
 * Whether a unit's pool covers an amount taken out of it (an allocation, a return, a loan drawing
 * on it); the refusal names the code given and what is available.
 */
export function poolCovers(pools: ReadonlyMap<number, bigint>, unitId: number, amountDong: bigint, code: 'capital_allocation_exceeds_available' | 'capital_return_exceeds_available' | 'fund_insufficient'): Result<void> {
  const available = pools.get(unitId) ?? 0n
  if (available < amountDong) return fail(code, { unitId, availableDong: available.toString(), amountDong: amountDong.toString() })
  return ok(undefined)
}
