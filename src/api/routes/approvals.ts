import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { decideApproval, listApprovals } from '../../app/approvals.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json } from '../schemas.js'

const ApprovalSchema = z
  .object({
    id: z.number(), kind: z.string(), entityType: z.string(), entityId: z.string().nullable(), unitId: z.number(), unitName: z.string(),
    makerId: z.number(), makerUsername: z.string(), madeAt: z.string(), status: z.enum(['pending', 'approved', 'rejected']),
    checkerId: z.number().nullable(), decidedAt: z.string().nullable(), reason: z.string().nullable(), summary: z.record(z.string(), z.unknown()),
  })
  .openapi('Approval')

export function approvalRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/', tags: ['approvals'], summary: 'Requests waiting for a checker in your scope',
      request: { query: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(ApprovalSchema) }), 'Approvals'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listApprovals(dbOf(c), requestContext(c), c.req.valid('query').status) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/approve', tags: ['approvals'], summary: 'Approve (never your own request)',
      request: { params: IdParam }, responses: { 200: json(ApprovalSchema, 'Decided'), ...errorResponses },
    }),
    async (c) => send(c, await decideApproval(dbOf(c), requestContext(c), c.req.valid('param').id, 'approved', null)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/reject', tags: ['approvals'], summary: 'Reject with a reason',
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(500) }) } }, required: true } },
      responses: { 200: json(ApprovalSchema, 'Decided'), ...errorResponses },
    }),
    async (c) => send(c, await decideApproval(dbOf(c), requestContext(c), c.req.valid('param').id, 'rejected', c.req.valid('json').reason)),
  )
  return app
}
