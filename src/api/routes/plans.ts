import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createPlanLine, listPlanLines, listPlanRules, listPlanTargets, planRoom, planVsActual, planVsActualWorkbook, PLANS_XLSX_MIME, revisePlanLine, setPlanRule, setPlanTargets,
} from '../../app/plans.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdPath, IsoDate, json, Money } from '../schemas.js'

// Capital plans (kế hoạch vốn), targets, plan vs actual and the room before a disbursement. Plan
// changes move no money, so they need no Idempotency-Key; each is audited.

const Year = z.coerce.number().int().min(2000).max(2200).openapi({ example: 2026 })
const Quarter = z.coerce.number().int().min(1).max(4).openapi({ example: 2 })
const UnitId = z.coerce.number().int().positive().max(2_147_483_647)
const ProgramCode = z.string().regex(/^[A-Z0-9_]{2,40}$/).openapi({ example: 'POOR' })
const SourceCode = z.string().regex(/^[A-Z0-9_]{2,40}$/).openapi({ example: 'CENTRAL' })
const NonNegativeMoney = Money.refine((v) => v >= 0n, 'must not be negative')
const Text = (max: number) => z.string().trim().min(1).max(max)
const Count = z.number().int().min(0).max(100_000_000).default(0)

const LineBody = z.object({
  unitId: z.number().int().positive(),
  year: Year,
  quarter: Quarter.nullable().default(null),
  programCode: ProgramCode,
  capitalSourceCode: SourceCode.nullable().default(null),
  amountDong: NonNegativeMoney,
  validFrom: IsoDate.optional(),
  decisionNumber: Text(60),
  legalBasis: Text(500),
  note: z.string().trim().max(500).nullable().optional(),
}).openapi('PlanLineInput')

const RevisionBody = z.object({
  amountDong: NonNegativeMoney,
  validFrom: IsoDate,
  decisionNumber: Text(60),
  legalBasis: Text(500),
  note: z.string().trim().max(500).nullable().optional(),
}).openapi('PlanRevisionInput')

const TargetsBody = z.object({
  unitId: z.number().int().positive(),
  year: Year,
  programCode: ProgramCode.nullable().default(null),
  turnoverDong: NonNegativeMoney.default(0n),
  collectionDong: NonNegativeMoney.default(0n),
  householdsOutOfPoverty: Count,
  students: Count,
  workers: Count,
  waterWorks: Count,
  houses: Count,
  validFrom: IsoDate.optional(),
  decisionNumber: Text(60),
  legalBasis: Text(500),
}).openapi('PlanTargetsInput')

const RuleBody = z.object({
  provinceCode: z.string().regex(/^\d{2}$/).nullable(),
  validFrom: IsoDate,
  onExceed: z.enum(['warn', 'block']),
  legalBasis: Text(500),
}).openapi('PlanRuleInput')

const ActualQuery = z.object({
  unitId: UnitId.optional(),
  year: Year,
  quarter: Quarter.optional(),
  asOf: IsoDate,
  programCode: ProgramCode.optional(),
})

const Row = z.record(z.string(), z.unknown())
const Created = json(z.object({ id: z.string() }), 'Created')

/** Capital plans, targets, plan vs actual (mounted at /api/v1/plans). */
export function planRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['plans']
  app.openapi(
    createRoute({
      method: 'get', path: '/lines', tags, summary: 'Plan lines in your scope, every version (history) or the latest only',
      request: { query: z.object({ year: Year.optional(), quarter: z.union([Quarter, z.literal('year')]).optional(), unitId: UnitId.optional(), programCode: ProgramCode.optional(), latestOnly: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(Row) }), 'Plan lines'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const quarter = q.quarter === undefined ? undefined : q.quarter === 'year' ? null : q.quarter
      return send(c, { items: await listPlanLines(dbOf(c), requestContext(c), { year: q.year, quarter, unitId: q.unitId, programCode: q.programCode, latestOnly: q.latestOnly === 'true' }) })
    },
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/lines', tags, summary: 'Record a plan line (first version); refused when the units below would exceed the unit above',
      request: { body: { content: { 'application/json': { schema: LineBody } }, required: true } },
      responses: { 201: Created, ...errorResponses },
    }),
    async (c) => send(c, { id: await createPlanLine(dbOf(c), requestContext(c), c.req.valid('json')) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/lines/{id}/revisions', tags, summary: 'Revise a plan line from a date: a new version; the previous one is kept',
      request: { params: IdPath, body: { content: { 'application/json': { schema: RevisionBody } }, required: true } },
      responses: { 201: Created, ...errorResponses },
    }),
    async (c) => send(c, { id: await revisePlanLine(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json')) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/targets', tags, summary: 'Targets (turnover, collection, outcomes) for a year, every version',
      request: { query: z.object({ year: Year, unitId: UnitId.optional() }) },
      responses: { 200: json(z.object({ items: z.array(Row) }), 'Targets'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listPlanTargets(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/targets', tags, summary: 'Record a unit\'s targets for a year (a new version supersedes the latest)',
      request: { body: { content: { 'application/json': { schema: TargetsBody } }, required: true } },
      responses: { 201: Created, ...errorResponses },
    }),
    async (c) => send(c, { id: await setPlanTargets(dbOf(c), requestContext(c), c.req.valid('json')) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/actual', tags, summary: 'Plan vs actual under a unit for a year or quarter on a date: allocated, disbursed, collected, outstanding, room',
      request: { query: ActualQuery },
      responses: { 200: json(Row, 'Plan vs actual'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await planVsActual(dbOf(c), requestContext(c), { ...q, quarter: q.quarter ?? null }))
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/actual.xlsx', tags, summary: 'Plan vs actual as an Excel workbook',
      request: { query: ActualQuery.extend({ locale: z.enum(['vi', 'en']).default('vi') }) },
      responses: { 200: { description: 'Workbook', content: { [PLANS_XLSX_MIME]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const { locale, ...q } = c.req.valid('query')
      const bytes = await planVsActualWorkbook(dbOf(c), requestContext(c), { ...q, quarter: q.quarter ?? null }, locale)
      const name = `ke-hoach-von-${q.year}${q.quarter ? `-q${q.quarter}` : ''}-${q.asOf}.xlsx`
      return c.body(new Uint8Array(bytes), 200, { 'content-type': PLANS_XLSX_MIME, 'content-disposition': `attachment; filename="${name}"` }) as never
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/room', tags, summary: 'The room a disbursement would have under the capital plans, and whether the rule warns or blocks',
      request: { query: z.object({ communeUnitId: UnitId, programCode: ProgramCode, date: IsoDate, amountDong: Money, capitalSourceCode: SourceCode.optional() }) },
      responses: { 200: json(Row, 'Room'), ...errorResponses },
    }),
    async (c) => send(c, await planRoom(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/rules', tags, summary: 'Versions of the plan control rule (warn or block), national and provincial',
      responses: { 200: json(z.object({ items: z.array(Row) }), 'Rules'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listPlanRules(dbOf(c), requestContext(c)) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/rules', tags, summary: 'Record a version of the plan control rule from a date, with its legal basis',
      request: { body: { content: { 'application/json': { schema: RuleBody } }, required: true } },
      responses: { 201: json(z.object({ id: z.number() }), 'Created'), ...errorResponses },
    }),
    async (c) => send(c, { id: await setPlanRule(dbOf(c), requestContext(c), c.req.valid('json')) }, 201),
  )
  return app
}
