import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { amendAgreement, createLocalFund, getSource, listCapitalKinds, listSources } from '../../app/capital/funds.js'
import { allocateCapital, recordContribution, recordReceipt, returnCapital } from '../../app/capital/movements.js'
import { CAPITAL_XLSX_MIME, fundBalance, fundStatement, fundStatementWorkbook, statementEntry } from '../../app/capital/statement.js'
import { localDateOf } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { requireIdempotencyKey } from '../middleware.js'
import { send } from '../respond.js'
import { errorResponses, IdPath, IsoDate, json, PositiveMoney } from '../schemas.js'

// Capital sources, local-budget funds and their agreements, movements, fund balances and
// statements, mounted at /api/v1/capital. The older GET /capital/sources and POST
// /capital/receipts stay in routes/loans.ts; the paths here do not overlap them.

const tags = ['capital']
const SourceCode = z.string().regex(/^[A-Z0-9_]{2,40}$/)
const UnitId = z.number().int().positive()
const Micros = z.number().int().min(0).max(1_000_000)
const Reference = z.string().trim().min(1).max(300)
const Any = z.record(z.string(), z.unknown())

const AgreementBody = z.object({
  number: z.string().trim().min(1).max(100),
  signedOn: IsoDate,
  validFrom: IsoDate,
  validTo: IsoDate.nullable().optional(),
  legalBasis: z.string().trim().min(1).max(500),
  bankUnitId: UnitId,
  programCodes: z.array(SourceCode).max(50).optional(),
  localPovertyStandard: z.boolean().optional(),
  fundShareMicros: Micros,
  reserveShareMicros: Micros,
  bankFeeMicros: Micros,
  note: z.string().trim().max(1000).nullable().optional(),
}).openapi('CapitalAgreementInput')

const FundBody = z.object({
  code: SourceCode, nameVi: z.string().trim().min(1).max(200), nameEn: z.string().trim().min(1).max(200), ownerUnitId: UnitId, agreement: AgreementBody,
}).openapi('LocalFundInput')

const ReceiptBody = z.object({ capitalSource: SourceCode, amountDong: PositiveMoney, unitId: UnitId, date: IsoDate, reference: Reference, capitalKind: z.string().regex(/^[a-z0-9_]{2,40}$/).optional() })
const ContributionBody = ReceiptBody.extend({ contributorKind: z.enum(['organisation', 'firm', 'person']), contributorName: z.string().trim().min(1).max(200) })
const AllocationBody = z.object({ capitalSource: SourceCode, fromUnitId: UnitId, toUnitId: UnitId, amountDong: PositiveMoney, date: IsoDate, reference: Reference })
const ReturnBody = z.object({ capitalSource: SourceCode, unitId: UnitId, amountDong: PositiveMoney, date: IsoDate, reference: Reference })
const MovementOut = json(z.object({ id: z.string(), entryId: z.string(), kind: z.string() }), 'Posted')

const StatementQuery = z.object({ source: SourceCode, unitId: z.coerce.number().int().positive().optional(), from: IsoDate, to: IsoDate })
const CodePath = z.object({ code: SourceCode.openapi({ param: { name: 'code', in: 'path' } }) })
const today = (c: Context<ApiEnv>) => localDateOf(requestContext(c).now)

export function capitalRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({ method: 'get', path: '/funds', tags, summary: 'Capital sources you may see (central, local funds in or above your scope) with the agreement in force', request: { query: z.object({ date: IsoDate.optional() }) }, responses: { 200: json(z.object({ items: z.array(Any) }), 'Sources'), ...errorResponses } }),
    async (c) => send(c, { items: await listSources(dbOf(c), requestContext(c), c.req.valid('query').date ?? today(c)) }),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/funds/{code}', tags, summary: 'One source with every version of its agreement', request: { params: CodePath, query: z.object({ date: IsoDate.optional() }) }, responses: { 200: json(Any, 'Source'), ...errorResponses } }),
    async (c) => send(c, await getSource(dbOf(c), requestContext(c), c.req.valid('param').code, c.req.valid('query').date ?? today(c))),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/funds', tags, summary: 'Record a local-budget entrusted fund with its owner and agreement', request: { body: { content: { 'application/json': { schema: FundBody } }, required: true } }, responses: { 201: json(Any, 'Recorded'), ...errorResponses } }),
    async (c) => send(c, await createLocalFund(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/funds/{code}/agreements', tags, summary: 'Amend a local fund\'s agreement: a new dated version', request: { params: CodePath, body: { content: { 'application/json': { schema: AgreementBody } }, required: true } }, responses: { 201: json(Any, 'The new version'), ...errorResponses } }),
    async (c) => send(c, await amendAgreement(dbOf(c), requestContext(c), c.req.valid('param').code, c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/kinds', tags, summary: 'Kinds of capital in force on a date', request: { query: z.object({ date: IsoDate.optional() }) }, responses: { 200: json(z.object({ items: z.array(Any) }), 'Kinds'), ...errorResponses } }),
    async (c) => send(c, { items: await listCapitalKinds(dbOf(c), requestContext(c), c.req.valid('query').date ?? today(c)) }),
  )

  for (const path of ['/movements/receipts', '/movements/contributions', '/movements/allocations', '/movements/returns']) app.use(path, requireIdempotencyKey)
  app.openapi(
    createRoute({ method: 'post', path: '/movements/receipts', tags, summary: 'Capital received, with its kind and (local fund) agreement — needs an Idempotency-Key', request: { body: { content: { 'application/json': { schema: ReceiptBody } }, required: true } }, responses: { 201: MovementOut, ...errorResponses } }),
    async (c) => send(c, await recordReceipt(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/movements/contributions', tags, summary: 'Mobilised contributions of an organisation, firm or person — needs an Idempotency-Key', request: { body: { content: { 'application/json': { schema: ContributionBody } }, required: true } }, responses: { 201: MovementOut, ...errorResponses } }),
    async (c) => send(c, await recordContribution(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/movements/allocations', tags, summary: 'Allocate capital down the bank hierarchy — needs an Idempotency-Key', request: { body: { content: { 'application/json': { schema: AllocationBody } }, required: true } }, responses: { 201: MovementOut, ...errorResponses } }),
    async (c) => send(c, await allocateCapital(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/movements/returns', tags, summary: 'Return capital to its owner — needs an Idempotency-Key', request: { body: { content: { 'application/json': { schema: ReturnBody } }, required: true } }, responses: { 201: MovementOut, ...errorResponses } }),
    async (c) => send(c, await returnCapital(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({ method: 'get', path: '/balance', tags, summary: 'Lending-fund balance (tồn quỹ) of a source at a date, for a unit\'s subtree, with each holding unit\'s pool', request: { query: z.object({ source: SourceCode, unitId: z.coerce.number().int().positive().optional(), date: IsoDate.optional() }) }, responses: { 200: json(Any, 'Balance'), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await fundBalance(dbOf(c), requestContext(c), { source: q.source, unitId: q.unitId, date: q.date ?? today(c) }))
    },
  )
  app.openapi(
    createRoute({ method: 'get', path: '/statement', tags, summary: 'Fund statement: opening, in, out, closing, one line per journal entry', request: { query: StatementQuery }, responses: { 200: json(Any, 'Statement'), ...errorResponses } }),
    async (c) => send(c, await fundStatement(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/statement.xlsx', tags, summary: 'The fund statement as an Excel workbook',
      request: { query: StatementQuery.extend({ locale: z.enum(['vi', 'en']).default('vi') }) },
      responses: { 200: { description: 'Workbook', content: { [CAPITAL_XLSX_MIME]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const { locale, ...q } = c.req.valid('query')
      const bytes = await fundStatementWorkbook(dbOf(c), requestContext(c), q, locale)
      return c.body(new Uint8Array(bytes), 200, { 'content-type': CAPITAL_XLSX_MIME, 'content-disposition': `attachment; filename="sao-ke-nguon-von-${q.source}-${q.from}-${q.to}.xlsx"` }) as never
    },
  )
  app.openapi(
    createRoute({ method: 'get', path: '/entries/{id}', tags, summary: 'Drill-down: one journal entry of a statement with its postings', request: { params: IdPath }, responses: { 200: json(Any, 'Entry'), ...errorResponses } }),
    async (c) => send(c, await statementEntry(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  return app
}
