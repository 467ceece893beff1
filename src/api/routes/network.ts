import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { closeTransactionPoint, createTransactionPoint, getTransactionPoint, listTransactionPoints, updateTransactionPoint } from '../../app/network/points.js'
import { assignCommunes, createBranch, createOffice, createVillage, getNetworkTree, listBranches, listUnservedCommunes } from '../../app/network/units.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json, UnitKindSchema } from '../schemas.js'

const CommuneCode = z.string().regex(/^[0-9]{5}$/, 'five digits')
// Day and time are checked by the domain, so a wrong one gets its own code (transaction_day_invalid …).
const Time = z.string().max(10).openapi({ description: 'HH:MM, 24-hour clock', example: '07:30' })
const Day = z.number().int().openapi({ description: 'Day of the month, 1–31', example: 15 })

export const NetworkUnitSchema = z
  .object({
    id: z.number(), parentId: z.number().nullable(), kind: UnitKindSchema, code: z.string(), name: z.string(), path: z.string(),
    provinceCode: z.string().nullable(), adminCode: z.string().nullable(), placeName: z.string().nullable(), areaType: z.enum(['urban', 'rural']).nullable(),
    formerCommuneCode: z.string().nullable(), formerCommuneName: z.string().nullable(),
  })
  .openapi('NetworkUnit')

export const TransactionPointSchema = z
  .object({
    id: z.number(), communeUnitId: z.number(), communeName: z.string(), code: z.string(), siteName: z.string(),
    formerCommuneCode: z.string().nullable(), formerCommuneName: z.string().nullable(), monthlyDay: z.number(), startTime: z.string(),
    status: z.enum(['active', 'closed']), createdAt: z.string(),
  })
  .openapi('TransactionPoint')

const TreeSchema = z
  .object({
    root: NetworkUnitSchema,
    nodes: z.array(NetworkUnitSchema.extend({ points: z.array(TransactionPointSchema), formerCommunes: z.array(z.object({ code: z.string(), fullName: z.string() })) })),
    truncated: z.boolean(),
  })
  .openapi('NetworkTree')

const UnitCode = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9._-]+$/)

const bodies = {
  branch: z.object({ provinceCode: z.string().regex(/^[0-9]{2}$/) }).openapi('CreateBranch'),
  office: z.object({ branchId: z.number().int().positive(), code: UnitCode, name: z.string().trim().min(1).max(200) }).openapi('CreateOffice'),
  communes: z.object({ communeCodes: z.array(CommuneCode).min(1).max(200) }).openapi('AssignCommunes'),
  village: z
    .object({ communeUnitId: z.number().int().positive(), name: z.string().trim().min(1).max(200), code: UnitCode.optional(), formerCommuneCode: CommuneCode.nullable().optional() })
    .openapi('CreateVillage'),
  point: z
    .object({
      communeUnitId: z.number().int().positive(), code: z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9._-]+$/).optional(),
      siteName: z.string().trim().min(1).max(200), formerCommuneCode: CommuneCode.nullable().optional(), monthlyDay: Day, startTime: Time,
    })
    .openapi('CreateTransactionPoint'),
  pointPatch: z
    .object({ siteName: z.string().trim().min(1).max(200).optional(), formerCommuneCode: CommuneCode.nullable().optional(), monthlyDay: Day.optional(), startTime: Time.optional() })
    .openapi('UpdateTransactionPoint'),
}

const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })

export function networkRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'get', path: '/branches', tags: ['network'], summary: 'Provincial branches in your scope',
      responses: { 200: json(z.object({ items: z.array(NetworkUnitSchema.extend({ officeCount: z.number(), communeCount: z.number() })) }), 'Branches'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listBranches(dbOf(c), requestContext(c)) }),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/branches', tags: ['network'], summary: 'Create the branch of a current province (one per province)', request: jsonBody(bodies.branch), responses: { 201: json(NetworkUnitSchema, 'Created'), ...errorResponses } }),
    async (c) => send(c, await createBranch(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/offices', tags: ['network'], summary: 'Create a transaction office under a branch', request: jsonBody(bodies.office), responses: { 201: json(NetworkUnitSchema, 'Created'), ...errorResponses } }),
    async (c) => send(c, await createOffice(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/offices/{id}/communes', tags: ['network'], summary: 'Assign current communes of the province to an office (all or nothing)',
      request: { params: IdParam, ...jsonBody(bodies.communes) }, responses: { 201: json(z.object({ items: z.array(NetworkUnitSchema) }), 'The commune units created'), ...errorResponses },
    }),
    async (c) => send(c, { items: await assignCommunes(dbOf(c), requestContext(c), { officeId: c.req.valid('param').id, communeCodes: c.req.valid('json').communeCodes }) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/units/{id}/unserved-communes', tags: ['network'], summary: 'Current communes of a branch\'s (or office\'s) province that no office serves yet',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(z.object({ code: z.string(), fullName: z.string(), unitType: z.string(), areaType: z.enum(['urban', 'rural']).nullable() })) }), 'Communes'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listUnservedCommunes(dbOf(c), requestContext(c), { branchId: c.req.valid('param').id }) }),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/villages', tags: ['network'], summary: 'Add a village (thôn, bản, tổ dân phố) under a commune, with its former commune', request: jsonBody(bodies.village), responses: { 201: json(NetworkUnitSchema, 'Created'), ...errorResponses } }),
    async (c) => send(c, await createVillage(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/tree', tags: ['network'], summary: 'The network under a unit (default yours): offices, communes with their transaction points, villages',
      request: { query: z.object({ rootId: z.coerce.number().int().positive().optional(), depth: z.coerce.number().int().min(1).max(4).optional() }) },
      responses: { 200: json(TreeSchema, 'The tree, parents first'), ...errorResponses },
    }),
    async (c) => send(c, await getNetworkTree(dbOf(c), requestContext(c), c.req.valid('query'))),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/points', tags: ['network'], summary: 'Transaction points in your scope',
      request: { query: z.object({ communeUnitId: z.coerce.number().int().positive().optional(), status: z.enum(['active', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }) },
      responses: { 200: json(z.object({ items: z.array(TransactionPointSchema) }), 'Points'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listTransactionPoints(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/points', tags: ['network'], summary: 'Open a transaction point in a commune, with its monthly day and start time', request: jsonBody(bodies.point), responses: { 201: json(TransactionPointSchema, 'Created'), ...errorResponses } }),
    async (c) => send(c, await createTransactionPoint(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/points/{id}', tags: ['network'], summary: 'One transaction point', request: { params: IdParam }, responses: { 200: json(TransactionPointSchema, 'The point'), ...errorResponses } }),
    async (c) => send(c, await getTransactionPoint(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'patch', path: '/points/{id}', tags: ['network'], summary: 'Change a point\'s site, former commune, monthly day or start time',
      request: { params: IdParam, ...jsonBody(bodies.pointPatch) }, responses: { 200: json(TransactionPointSchema, 'The point'), ...errorResponses },
    }),
    async (c) => send(c, await updateTransactionPoint(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/points/{id}/close', tags: ['network'], summary: 'Close a transaction point (kept on record)', request: { params: IdParam }, responses: { 200: json(TransactionPointSchema, 'The point'), ...errorResponses } }),
    async (c) => send(c, await closeTransactionPoint(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  return app
}
