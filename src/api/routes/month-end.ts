import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { checkPeriodClosable, listPeriodCloses } from '../../app/loans/period-closes.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { closeMonth } from '../../jobs/close-month.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json } from '../schemas.js'

const Money = z.string().regex(/^-?\d+$/).openapi({ description: 'Whole đồng as an integer string', example: '1500000' })

const PeriodCloseSchema = z
  .object({
    period: z.string().openapi({ example: '2026-10' }),
    status: z.enum(['running', 'done']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    stats: z.unknown().openapi({ description: 'What the close did (loansAccrued, interestPostedDong, overduePostedDong, principalMovedOverdueDong, unfrozen, snapshots)' }),
  })
  .openapi('PeriodClose')

const CloseReportSchema = z
  .object({
    period: z.string(), alreadyClosed: z.boolean(), loansAccrued: z.number(), unfrozen: z.number(),
    interestPostedDong: Money, overduePostedDong: Money, principalMovedOverdueDong: Money, snapshots: z.number(),
  })
  .openapi('CloseReport')

/** Month-end close status and the branch's "close this month" action (the CLI's `tdcs close-month`). */
export function monthEndRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/', tags: ['month-end'], summary: 'Month-end closes, newest first, with what each did',
      responses: { 200: json(z.object({ items: z.array(PeriodCloseSchema) }), 'Closes'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listPeriodCloses(dbOf(c), requestContext(c)) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/', tags: ['month-end'],
      summary: 'Close a month that has ended: accrue interest, move overdue instalments, end expired freezes, snapshot every loan. Idempotent per month; takes no Idempotency-Key',
      request: { body: { content: { 'application/json': { schema: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-10' }) }) } }, required: true } },
      responses: { 200: json(CloseReportSchema, 'Closed before: nothing changed'), 201: json(CloseReportSchema, 'Closed now'), ...errorResponses },
    }),
    async (c) => {
      // The close runs its own transactions (one per expired freeze, then one for the month), so it
      // cannot run inside the one an Idempotency-Key opens; closing twice changes nothing anyway.
      if (dbOf(c).isTransaction) throw new RuleViolation('period_close_key_not_supported')
      const ctx = requestContext(c)
      const { period } = c.req.valid('json')
      checkPeriodClosable(ctx, period)
      const report = await closeMonth(dbOf(c), ctx, period)
      const { period: closed, alreadyClosed, loansAccrued, unfrozen, interestPostedDong, overduePostedDong, principalMovedOverdueDong, snapshots } = report
      return send(c, { period: closed, alreadyClosed, loansAccrued, unfrozen, interestPostedDong, overduePostedDong, principalMovedOverdueDong, snapshots }, alreadyClosed ? 200 : 201)
    },
  )
  return app
}
