import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { assignRedFlag, getRedFlag } from '../../app/supervision/flag-detail.js'
import { listFlagRules, listFlagRuns, runFlagRules } from '../../app/supervision/flag-runs.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdPath, IsoDate, json } from '../schemas.js'

const Anything = z.record(z.string(), z.unknown())

/**
 * Supervision (issue 9): the red-flag rules with their parameters and documentation, on-demand
 * runs, and a flag's detail — whose evidence names people, so every read of it is audited.
 * Listing and reviewing flags stay with the transaction day's routes (/red-flags).
 */
export function supervisionRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/supervision/rules', tags: ['supervision'], summary: 'The red-flag rules: what each catches, its severity and parameters in force on a date',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: { 200: json(z.object({ items: z.array(Anything) }), 'Rules'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listFlagRules(dbOf(c), requestContext(c), c.req.valid('query').asOf) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/supervision/flag-runs', tags: ['supervision'], summary: 'Run the red-flag rules (all or some) over your scope as of a date; raises only new flags',
      request: { body: { content: { 'application/json': { schema: z.object({ rules: z.array(z.string().max(60)).max(20).optional(), asOf: IsoDate.optional() }) } }, required: true } },
      responses: { 201: json(z.object({ items: z.array(Anything) }), 'One result per rule run'), ...errorResponses },
    }),
    async (c) => send(c, { items: await runFlagRules(dbOf(c), requestContext(c), c.req.valid('json')) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/supervision/flag-runs', tags: ['supervision'], summary: 'The latest rule runs in your scope: candidates, new flags, duration',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(Anything) }), 'Runs'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listFlagRuns(dbOf(c), requestContext(c), c.req.valid('query').limit) }),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/red-flags/{id}', tags: ['supervision'], summary: 'One flag with its evidence (the read is audited: red_flag.view)',
      request: { params: IdPath },
      responses: { 200: json(Anything, 'Flag'), ...errorResponses },
    }),
    async (c) => send(c, await getRedFlag(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/red-flags/{id}/assign', tags: ['supervision'], summary: 'Assign an open or under-review flag to a user who can see it',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ assigneeId: z.number().int().positive() }) } }, required: true } },
      responses: { 200: json(Anything, 'Flag'), ...errorResponses },
    }),
    async (c) => send(c, await assignRedFlag(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').assigneeId)),
  )
  return app
}
