/**
 * JSON with object keys sorted at every level, so the same value always hashes the same —
 * PostgreSQL's jsonb reorders keys, so the hash cannot be taken over the text as first written.
 * bigint becomes a decimal string and Date an ISO string, as they cross JSON everywhere else.
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(toJsonSafe)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonSafe(v)
    return out
  }
  return value
}

export function canonicalJson(value: unknown): string {
  const safe = toJsonSafe(value)
  return JSON.stringify(safe, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  })
}
