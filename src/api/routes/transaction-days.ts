import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { captureGroup } from '../../app/transaction-day/capture.js'
import { reverseBatch } from '../../app/transaction-day/corrections.js'
import {
  closeTransactionDay, getTransactionDay, listTransactionDays, openTransactionDay, payFeesOnDay, planTransactionDay, pointCalendar, rescheduleTransactionDay,
} from '../../app/transaction-day/days.js'
import { exportDayPackage, importDayPackage } from '../../app/transaction-day/package.js'
import { FLAG_STATUSES, getDayBatch, listDayBatches, listRedFlags, reviewRedFlag } from '../../app/transaction-day/queries.js'
import { daySheet } from '../../app/transaction-day/sheet.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { requireIdempotencyKey } from '../middleware.js'
import { send } from '../respond.js'
import { BigId, errorResponses, IdPath, json, Money } from '../schemas.js'

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-02' })
const Anything = z.record(z.string(), z.unknown())
const Line = z.object({
  householdId: BigId,
  loanId: BigId.nullable().default(null),
  interestDong: Money.default(0n),
  principalDong: Money.default(0n),
  savingsDepositDong: Money.default(0n),
  savingsWithdrawalDong: Money.default(0n),
  savingsToPrincipalDong: Money.default(0n),
  disbursedDong: Money.default(0n),
  recipientPersonId: BigId.nullable().default(null),
  memberPaidDong: Money.nullable().default(null),
}).openapi('DayBatchLine')
const CaptureBody = z.object({
  groupId: BigId,
  remittedDong: Money,
  collectedDong: Money.nullable().default(null),
  lines: z.array(Line).min(1).max(400),
}).openapi('DayBatchInput')

/**
 * The commune transaction day: each point's calendar, the day sheet, capture per group (money:
 * an Idempotency-Key is required), reconciliation flags, the cash book and the day's close, the
 * offline package. Print and notices are in day-documents.
 */
export function transactionDayRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.use('/transaction-days/:id/batches', requireIdempotencyKey)
  app.use('/day-batches/:id/reverse', requireIdempotencyKey)
  app.use('/transaction-days/:id/package', requireIdempotencyKey)
  app.use('/transaction-days/:id/fee-payouts', requireIdempotencyKey)
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-points/{id}/calendar', tags: ['transaction-day'], summary: 'A point\'s twelve transaction days of a year (its fixed day, moved off public holidays; planned days as planned)',
      request: { params: z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) }), query: z.object({ year: z.coerce.number().int().min(2021).max(2100) }) },
      responses: { 200: json(z.object({ items: z.array(Anything) }), 'Calendar'), ...errorResponses },
    }),
    async (c) => send(c, { items: await pointCalendar(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('query').year) }),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-days', tags: ['transaction-day'], summary: 'Transaction days in your scope, latest first',
      request: {
        query: z.object({
          pointId: z.coerce.number().int().positive().optional(), communeUnitId: z.coerce.number().int().positive().optional(), period: Period.optional(),
          status: z.enum(['planned', 'open', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(Anything) }), 'Days'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listTransactionDays(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days', tags: ['transaction-day'], summary: 'Plan a point\'s day of a month (on the rule\'s date, or another day of the month with a reason)',
      request: { body: { content: { 'application/json': { schema: z.object({ pointId: z.number().int().positive(), period: Period, heldOn: z.string().optional(), reason: z.string().max(500).optional() }) } }, required: true } },
      responses: { 201: json(Anything, 'Planned'), ...errorResponses },
    }),
    async (c) => send(c, await planTransactionDay(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-days/{id}', tags: ['transaction-day'], summary: 'One day with its cash book (opening, in, out, closing)',
      request: { params: IdPath }, responses: { 200: json(Anything, 'The day'), ...errorResponses },
    }),
    async (c) => send(c, await getTransactionDay(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/reschedule', tags: ['transaction-day'], summary: 'Hold a planned day on another day of its month, with a reason',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ heldOn: z.string(), reason: z.string().max(500) }) } }, required: true } },
      responses: { 200: json(Anything, 'Rescheduled'), ...errorResponses },
    }),
    async (c) => send(c, await rescheduleTransactionDay(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/open', tags: ['transaction-day'], summary: 'Open the day with the cash the team brought',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ openingCashDong: Money }) } }, required: true } },
      responses: { 200: json(Anything, 'Open'), ...errorResponses },
    }),
    async (c) => send(c, await openTransactionDay(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/close', tags: ['transaction-day'], summary: 'Close and lock the day: the cash counted must equal opening + in − out',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ countedCashDong: Money }) } }, required: true } },
      responses: { 200: json(Anything, 'Closed'), ...errorResponses },
    }),
    async (c) => send(c, await closeTransactionDay(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-days/{id}/sheet', tags: ['transaction-day'], summary: 'The day sheet: per group and member, interest due to the day, principal due, overdue, savings',
      request: { params: IdPath }, responses: { 200: json(Anything, 'Day sheet'), ...errorResponses },
    }),
    async (c) => send(c, await daySheet(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-days/{id}/batches', tags: ['transaction-day'], summary: 'The batches posted on the day (captures and reversals)',
      request: { params: IdPath }, responses: { 200: json(z.object({ items: z.array(Anything) }), 'Batches'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listDayBatches(dbOf(c), requestContext(c), c.req.valid('param').id) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/batches', tags: ['transaction-day'],
      summary: 'Capture one group: the leader\'s remittance with its per-member breakdown, principal, savings, disbursements — posted atomically (Idempotency-Key required)',
      request: { params: IdPath, body: { content: { 'application/json': { schema: CaptureBody } }, required: true } },
      responses: { 201: json(Anything, 'Posted, with each member\'s reconciliation and any red flags'), ...errorResponses },
    }),
    async (c) => send(c, await captureGroup(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/fee-payouts', tags: ['transaction-day'], summary: 'Pay accrued commissions and fees in cash on the open day (Idempotency-Key required)',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ accrualIds: z.array(BigId).min(1).max(500) }) } }, required: true } },
      responses: { 201: json(Anything, 'Paid'), ...errorResponses },
    }),
    async (c) => send(c, await payFeesOnDay(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').accrualIds), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/day-batches/{id}', tags: ['transaction-day'], summary: 'One batch with its lines and how each member reconciled',
      request: { params: IdPath }, responses: { 200: json(Anything, 'Batch'), ...errorResponses },
    }),
    async (c) => send(c, await getDayBatch(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/day-batches/{id}/reverse', tags: ['transaction-day'], summary: 'Correct a batch with reversing entries and a reason (Idempotency-Key required)',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ reason: z.string().max(500) }) } }, required: true } },
      responses: { 201: json(Anything, 'Reversed'), ...errorResponses },
    }),
    async (c) => send(c, await reverseBatch(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').reason), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/red-flags', tags: ['transaction-day'], summary: 'Red flags in your scope (reconciliation: leader remittance shortfalls, members paid but not remitted)',
      request: {
        query: z.object({
          status: z.enum(FLAG_STATUSES).optional(), rule: z.string().max(60).optional(), transactionDayId: BigId.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(Anything) }), 'Flags'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listRedFlags(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/red-flags/{id}/review', tags: ['transaction-day'], summary: 'Move a flag through review: under_review, confirmed, or dismissed with a reason',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ status: z.enum(FLAG_STATUSES), resolution: z.string().max(1000).optional(), assigneeId: z.number().int().positive().optional() }) } }, required: true } },
      responses: { 200: json(Anything, 'Flag'), ...errorResponses },
    }),
    async (c) => send(c, await reviewRedFlag(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-days/{id}/package', tags: ['transaction-day'], summary: 'The day as a self-contained package for a laptop with no connection (docs/offline-package.md)',
      request: { params: IdPath }, responses: { 200: json(Anything, 'Package'), ...errorResponses },
    }),
    async (c) => send(c, await exportDayPackage(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/transaction-days/{id}/package', tags: ['transaction-day'], summary: 'Import a package\'s captured batches: each group posted unless its loans moved since the package was made (Idempotency-Key required)',
      request: { params: IdPath, body: { content: { 'application/json': { schema: Anything } }, required: true } },
      responses: { 200: json(Anything, 'Posted groups and conflicts'), ...errorResponses },
    }),
    async (c) => send(c, await importDayPackage(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  return app
}
