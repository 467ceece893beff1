import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { advanceApplication, submitApplication } from '../../app/loans/applications.js'
import { receiveCapital, runLoanEvent } from '../../app/loans/loan-events.js'
import { getApplication, getLoan, listApplications, listCapitalSources, listLoans } from '../../app/loans/queries.js'
import { loanStatementPdf } from '../../app/loans/statement.js'
import type { LoanEvent } from '../../domain/loans/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { requireIdempotencyKey } from '../middleware.js'
import { send } from '../respond.js'
import { BigId, errorResponses, IdPath, IsoDate, json, Money, pageQuery, PositiveMoney } from '../schemas.js'

const ApplicationBody = z.object({
  householdId: BigId,
  programCode: z.string().regex(/^[A-Z0-9_]{2,40}$/),
  purpose: z.string().trim().min(1).max(500),
  amountDong: PositiveMoney,
  termMonths: z.number().int().min(1).max(600),
  graceMonths: z.number().int().min(0).max(600).optional(),
  intervalMonths: z.number().int().min(1).max(120).optional(),
  capitalSource: z.string().regex(/^[A-Z0-9_]{2,40}$/).optional(),
  channel: z.enum(['entrusted', 'direct']),
  groupId: BigId.nullable().optional(),
  applicationDate: IsoDate,
  studyMonths: z.number().int().min(1).max(120).optional(),
  contractPriceDong: PositiveMoney.optional(),
}).openapi('LoanApplicationInput')

const CashBody = z.object({ date: IsoDate, amountDong: PositiveMoney, cashUnitId: z.number().int().positive() })

const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('extend'), date: IsoDate, seq: z.number().int().min(1), newDueDate: IsoDate, decisionNumber: z.string().trim().min(1).max(100) }),
  z.object({ type: z.literal('adjust_term'), date: IsoDate, seq: z.number().int().min(1), newDueDate: IsoDate }),
  z.object({ type: z.literal('freeze'), date: IsoDate, to: IsoDate, decisionNumber: z.string().trim().min(1).max(100), freezePrincipal: z.boolean() }),
  z.object({ type: z.literal('unfreeze'), date: IsoDate }),
  z.object({ type: z.literal('write_off'), date: IsoDate, principalDong: Money, interestDong: Money, decisionNumber: z.string().trim().min(1).max(100) }),
  z.object({ type: z.literal('recall'), date: IsoDate, reason: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('cancel_undisbursed'), date: IsoDate }),
  z.object({ type: z.literal('mark_overdue'), date: IsoDate }),
])

export function loanRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const money = requireIdempotencyKey

  app.openapi(
    createRoute({
      method: 'get', path: '/loan-applications', tags: ['loans'], summary: 'Applications in your scope (the workflow queue)',
      request: { query: z.object({ status: z.enum(['submitted', 'group_reviewed', 'commune_confirmed', 'pending_approval', 'approved', 'rejected', 'cancelled']).optional(), ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number() }), 'Applications'), ...errorResponses },
    }),
    async (c) => send(c, await listApplications(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/loan-applications', tags: ['loans'], summary: 'A household applies (form 01/TD); eligibility is evaluated and stored with its facts',
      request: { body: { content: { 'application/json': { schema: ApplicationBody } }, required: true } },
      responses: { 201: json(z.object({ id: z.string() }), 'Submitted'), ...errorResponses },
    }),
    async (c) => send(c, { id: await submitApplication(dbOf(c), requestContext(c), c.req.valid('json')) }, 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/loan-applications/{id}', tags: ['loans'], summary: 'One application: its eligibility snapshot, each step with who and when, its approval and loan',
      request: { params: IdPath }, responses: { 200: json(z.record(z.string(), z.unknown()), 'The application'), ...errorResponses },
    }),
    async (c) => send(c, await getApplication(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  const steps = [
    ['group-review', 'group_review', 'Record the savings group\'s review (bình xét)'],
    ['commune-confirm', 'commune_confirm', 'The commune People\'s Committee confirms'],
    ['submit-for-approval', 'submit_for_approval', 'Appraised: send for approval by another officer (maker-checker)'],
    ['reject', 'reject', 'Reject with a reason'],
  ] as const
  for (const [path, step, summary] of steps)
    app.openapi(
      createRoute({
        method: 'post', path: `/loan-applications/{id}/${path}`, tags: ['loans'], summary,
        request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ note: z.string().max(1000).nullable().optional(), monthlyDay: z.number().int().min(1).max(31).nullable().optional(), reason: z.string().max(1000).nullable().optional() }) } }, required: true } },
        responses: { 200: json(z.object({ status: z.string(), approvalId: z.number().optional() }), 'Advanced'), ...errorResponses },
      }),
      async (c) => send(c, await advanceApplication(dbOf(c), requestContext(c), c.req.valid('param').id, step, c.req.valid('json'))),
    )

  app.openapi(
    createRoute({
      method: 'get', path: '/loans', tags: ['loans'], summary: 'Loans in your scope',
      request: { query: z.object({ status: z.enum(['approved', 'active', 'frozen', 'closed']).optional(), householdId: BigId.optional(), ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number() }), 'Loans'), ...errorResponses },
    }),
    async (c) => send(c, await listLoans(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/loans/{id}', tags: ['loans'], summary: 'A loan with its schedule, events and postings', request: { params: IdPath }, responses: { 200: json(z.record(z.string(), z.unknown()), 'The loan'), ...errorResponses } }),
    async (c) => send(c, await getLoan(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )

  app.openapi(
    createRoute({ method: 'get', path: '/loans/{id}/statement.pdf', tags: ['loans'], summary: 'The borrower statement as a printable PDF', request: { params: IdPath }, responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses } }),
    async (c) => {
      const render = await loanStatementPdf(dbOf(c), requestContext(c))
      const pdf = await render(c.req.valid('param').id)
      return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="sao-ke-khoan-vay-${c.req.valid('param').id}.pdf"` }) as never
    },
  )
  app.use('/loans/:id/disburse', money)
  app.openapi(
    createRoute({
      method: 'post', path: '/loans/{id}/disburse', tags: ['loans'], summary: 'Disburse (a tranche) in person at the point — needs an Idempotency-Key',
      request: { params: IdPath, body: { content: { 'application/json': { schema: CashBody } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The loan after the disbursement'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json')
      return send(c, await runLoanEvent(dbOf(c), requestContext(c), c.req.valid('param').id, { type: 'disburse', date: b.date, amountDong: b.amountDong, cashUnit: b.cashUnitId }))
    },
  )
  app.use('/loans/:id/repay', money)
  app.openapi(
    createRoute({
      method: 'post', path: '/loans/{id}/repay', tags: ['loans'], summary: 'Repay interest and principal in the program\'s order — needs an Idempotency-Key',
      request: { params: IdPath, body: { content: { 'application/json': { schema: CashBody } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The loan after the repayment'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json')
      return send(c, await runLoanEvent(dbOf(c), requestContext(c), c.req.valid('param').id, { type: 'repay', date: b.date, amountDong: b.amountDong, cashUnit: b.cashUnitId }))
    },
  )
  app.use('/loans/:id/events', money)
  app.openapi(
    createRoute({
      method: 'post', path: '/loans/{id}/events', tags: ['loans'], summary: 'Extension, term adjustment, freeze, unfreeze, write-off, recall — needs an Idempotency-Key',
      request: { params: IdPath, body: { content: { 'application/json': { schema: EventBody } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The loan after the event'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const { decisionNumber, reason, ...rest } = body as typeof body & { decisionNumber?: string; reason?: string }
      const event = (rest.type === 'freeze' ? { ...rest, decisionNumber } : rest) as LoanEvent
      return send(c, await runLoanEvent(dbOf(c), requestContext(c), c.req.valid('param').id, event, { decisionNumber, reason }))
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/capital/sources', tags: ['capital'], summary: 'Capital sources (central, local budgets) with their names',
      responses: { 200: json(z.object({ items: z.array(z.object({ code: z.string(), name_vi: z.string(), name_en: z.string(), kind: z.enum(['central', 'local']) })) }), 'Sources'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listCapitalSources(dbOf(c), requestContext(c)) }),
  )
  app.use('/capital/receipts', money)
  app.openapi(
    createRoute({
      method: 'post', path: '/capital/receipts', tags: ['capital'], summary: 'Capital received into a lending fund — needs an Idempotency-Key',
      request: { body: { content: { 'application/json': { schema: z.object({ capitalSource: z.string().regex(/^[A-Z0-9_]{2,40}$/), amountDong: PositiveMoney, unitId: z.number().int().positive(), date: IsoDate, reference: z.string().trim().min(1).max(300) }) } }, required: true } },
      responses: { 201: json(z.object({ entryId: z.string() }), 'Posted'), ...errorResponses },
    }),
    async (c) => send(c, { entryId: await receiveCapital(dbOf(c), requestContext(c), { ...c.req.valid('json'), date: c.req.valid('json').date as LocalDate }) }, 201),
  )
  return app
}
