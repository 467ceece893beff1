/**
 * Assertions are for what must be impossible: a programmer error. They crash the request loudly
 * (HTTP 500, logged). Expected rule violations are never asserted: they are `Result` values.
 */
export class AssertionError extends Error {
  override name = 'AssertionError'
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message)
}

export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${JSON.stringify(value)}`)
}
