import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { toJsonSafe } from '../app/canonical-json.js'

/**
 * Sends a JSON body with bigint as decimal strings and dates as ISO strings. Typed as `never`
 * so it satisfies any route's declared response: the schema documents, the data decides.
 */
export function send(c: Context, data: unknown, status: ContentfulStatusCode = 200): never {
  return c.json(toJsonSafe(data) as object, status) as never
}
