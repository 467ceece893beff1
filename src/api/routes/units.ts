import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createUnit, getUnit, listUnits } from '../../app/units.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json, UnitKindSchema, UnitSchema } from '../schemas.js'

const CreateUnitBody = z
  .object({
    parentId: z.number().int().positive(),
    kind: UnitKindSchema,
    code: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9._-]+$/),
    name: z.string().trim().min(1).max(200),
  })
  .openapi('CreateUnit')

export function unitRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({ method: 'get', path: '/', tags: ['units'], summary: 'The unit tree under your unit', responses: { 200: json(z.object({ items: z.array(UnitSchema) }), 'Units'), ...errorResponses } }),
    async (c) => send(c, { items: await listUnits(dbOf(c), requestContext(c)) }),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags: ['units'], summary: 'One unit', request: { params: IdParam }, responses: { 200: json(UnitSchema, 'The unit'), ...errorResponses } }),
    async (c) => send(c, await getUnit(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/', tags: ['units'], summary: 'Add a unit under a parent in your scope',
      request: { body: { content: { 'application/json': { schema: CreateUnitBody } }, required: true } },
      responses: { 201: json(UnitSchema, 'Created'), ...errorResponses },
    }),
    async (c) => send(c, await createUnit(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  return app
}
