// Idempotency keys for money-moving forms. One key per submission: a retry of the same
// submission (same body, e.g. after a network error or a timeout that hid a success) sends the same
// key, so the server answers with the first result instead of moving the money twice; a new or
// changed submission gets a new key.
import { useCallback, useRef } from 'react'

/** A random key the API accepts (8–200 letters, digits, dashes). */
export function newIdempotencyKey(): string {
  // randomUUID needs a secure context (https or localhost); getRandomValues works everywhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export interface IdempotencyKeys {
  /** The key for this body: the pending one when the body is the one it was made for, else a new one. */
  keyFor(body: unknown): string
  /** The submission succeeded: the next one, even with the same body, is a new operation. */
  settle(): void
}

/** Keeps the key of a form's pending submission across retries. */
export function useIdempotencyKeys(): IdempotencyKeys {
  const pending = useRef<{ key: string; body: string } | undefined>(undefined)
  const keyFor = useCallback((body: unknown) => {
    const text = JSON.stringify(body)
    if (pending.current?.body !== text) pending.current = { key: newIdempotencyKey(), body: text }
    return pending.current.key
  }, [])
  const settle = useCallback(() => {
    pending.current = undefined
  }, [])
  return { keyFor, settle }
}
