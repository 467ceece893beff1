import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { listAudit, verifyAudit } from '../../app/audit-log.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json, pageQuery } from '../schemas.js'

const AuditEntrySchema = z
  .object({
    id: z.string(), at: z.string(), userId: z.number().nullable(), username: z.string().nullable(), role: z.string().nullable(),
    actorUnitId: z.number().nullable(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(),
    before: z.unknown(), after: z.unknown(), requestId: z.string().nullable(), hash: z.string(),
  })
  .openapi('AuditEntry')

export function auditRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/', tags: ['audit'], summary: 'Audit log entries about data in your scope, newest first',
      request: {
        query: z.object({
          action: z.string().max(100).optional(), entityType: z.string().max(50).optional(), entityId: z.string().max(50).optional(),
          username: z.string().max(50).optional(), from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), ...pageQuery,
        }),
      },
      responses: { 200: json(z.object({ items: z.array(AuditEntrySchema), total: z.number() }), 'A page of entries'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await listAudit(dbOf(c), requestContext(c), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }))
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/verify', tags: ['audit'], summary: 'Walk the hash chain and report the first broken link',
      responses: { 200: json(z.object({ ok: z.boolean(), checked: z.number(), firstBroken: z.object({ id: z.string(), reason: z.string() }).optional() }), 'Result'), ...errorResponses },
    }),
    async (c) => send(c, await verifyAudit(dbOf(c), requestContext(c))),
  )
  return app
}
