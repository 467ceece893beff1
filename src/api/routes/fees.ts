import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { payFees } from '../../app/fees/payout.js'
import { feeAccrualsWorkbook, feeStatement, FEES_XLSX_MIME, listFeeAccruals } from '../../app/fees/statements.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { requireIdempotencyKey } from '../middleware.js'
import { send } from '../respond.js'
import { BigId, errorResponses, IsoDate, json } from '../schemas.js'

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2025-10' })
const PayeeKind = z.enum(['organisation_unit', 'group'])

const ListQuery = z.object({
  period: Period.optional(),
  contractId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  payeeKind: PayeeKind.optional(),
  payeeId: BigId.optional(),
  status: z.enum(['accrued', 'paid']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

const PayoutBody = z.object({
  accrualIds: z.array(BigId).min(1).max(500),
  cashUnitId: z.number().int().positive(),
  date: IsoDate,
}).openapi('FeePayoutInput')

/** Entrustment fee and commission accruals, statements and payouts (mounted at /api/v1). */
export function feeRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['fees']
  app.openapi(
    createRoute({
      method: 'get', path: '/fee-accruals', tags, summary: 'Fee and commission accruals in your scope, with the basis of each amount',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number() }), 'Accruals'), ...errorResponses },
    }),
    async (c) => send(c, await listFeeAccruals(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/fee-accruals.xlsx', tags, summary: 'The accruals as an Excel workbook (one row per accrual with its figures)',
      request: { query: ListQuery.omit({ limit: true, offset: true }).extend({ locale: z.enum(['vi', 'en']).default('vi') }) },
      responses: { 200: { description: 'Workbook', content: { [FEES_XLSX_MIME]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const { locale, ...filter } = c.req.valid('query')
      const bytes = await feeAccrualsWorkbook(dbOf(c), requestContext(c), filter, locale)
      const name = `phi-uy-thac-hoa-hong${filter.period ? `-${filter.period}` : ''}.xlsx`
      return c.body(new Uint8Array(bytes), 200, { 'content-type': FEES_XLSX_MIME, 'content-disposition': `attachment; filename="${name}"` }) as never
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/fee-statements', tags, summary: 'The statement of one group or organisation unit for a month: how each amount was computed',
      request: { query: z.object({ period: Period, payeeKind: PayeeKind, payeeId: BigId }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The statement'), ...errorResponses },
    }),
    async (c) => send(c, await feeStatement(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.use('/fee-payouts', requireIdempotencyKey)
  app.openapi(
    createRoute({
      method: 'post', path: '/fee-payouts', tags, summary: 'Pay accrued fees and commissions in cash — needs an Idempotency-Key',
      request: { body: { content: { 'application/json': { schema: PayoutBody } }, required: true } },
      responses: { 201: json(z.object({ entryId: z.string(), totalDong: z.string(), accrualIds: z.array(z.string()) }), 'Paid'), ...errorResponses },
    }),
    async (c) => send(c, await payFees(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  return app
}
