import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { cancelInspectionAction, completeInspectionAction, createInspectionAction, findingsOfLoan, getInspectionPlan, recordInspectionFinding } from '../../app/inspections/findings.js'
import { createInspectionPlan, listInspectionPlans, setInspectionPlanStatus } from '../../app/inspections/plans.js'
import { addUseOfFundsPhoto, getUseOfFundsPhoto, listUseOfFundsChecks, recordUseOfFundsCheck } from '../../app/inspections/use-of-funds.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { ACTION_KINDS, CHECK_RESULTS, FINDING_OUTCOMES, INSPECTORS, PLAN_STATUSES } from '../../domain/supervision/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { BigId, errorResponses, IdParam, IdPath, IsoDate, json, PositiveMoney } from '../schemas.js'

const Anything = z.record(z.string(), z.unknown())
const Items = z.object({ items: z.array(Anything) })
const tags = ['inspections']
const Text = (max: number) => z.string().trim().min(1).max(max)
const PhotoForm = z.object({ file: z.any().openapi({ type: 'string', format: 'binary', description: 'A JPEG, PNG or WebP photo, at most the configured size (2 MB)' }) })

/**
 * Inspections (issue 9): plans, findings and follow-ups (a completed recall recalls the loan),
 * and use-of-funds checks (form 06/TD) with photos uploaded as multipart and stored in the
 * database. Reads of findings and photos name borrowers and are audited.
 */
export function inspectionRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/inspections/plans', tags, summary: 'Inspection plans over units in your scope',
      request: { query: z.object({ status: z.enum(PLAN_STATUSES).optional(), inspector: z.enum(INSPECTORS).optional() }) },
      responses: { 200: json(Items, 'Plans'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listInspectionPlans(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/plans', tags, summary: 'Plan an inspection of a unit in your scope',
      request: { body: { content: { 'application/json': { schema: z.object({
        unitId: z.number().int().positive(), inspector: z.enum(INSPECTORS), inspectorName: Text(200), title: Text(300), periodFrom: IsoDate, periodTo: IsoDate, note: z.string().max(2000).nullish(),
      }) } }, required: true } },
      responses: { 201: json(Anything, 'Plan'), ...errorResponses },
    }),
    async (c) => send(c, await createInspectionPlan(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/inspections/plans/{id}', tags, summary: 'A plan with its findings and follow-ups (the read is audited: inspection_plan.view)',
      request: { params: IdParam },
      responses: { 200: json(Anything, 'Plan'), ...errorResponses },
    }),
    async (c) => send(c, await getInspectionPlan(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/plans/{id}/status', tags, summary: 'Move a plan: planned → in_progress → completed, or cancelled',
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ status: z.enum(PLAN_STATUSES) }) } }, required: true } },
      responses: { 200: json(Anything, 'Plan'), ...errorResponses },
    }),
    async (c) => send(c, await setInspectionPlanStatus(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').status)),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/inspections/findings', tags, summary: "A loan's findings (the read is audited: inspection_finding.view)",
      request: { query: z.object({ loanId: BigId }) },
      responses: { 200: json(Items, 'Findings'), ...errorResponses },
    }),
    async (c) => send(c, { items: await findingsOfLoan(dbOf(c), requestContext(c), c.req.valid('query').loanId) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/findings', tags, summary: 'Record a finding for a loan or a savings group of the plan\'s unit',
      request: { body: { content: { 'application/json': { schema: z.object({
        planId: z.number().int().positive(), loanId: BigId.optional(), groupId: BigId.optional(), outcome: z.enum(FINDING_OUTCOMES), foundOn: IsoDate, notes: z.string().max(4000).nullish(),
      }) } }, required: true } },
      responses: { 201: json(Anything, 'Finding'), ...errorResponses },
    }),
    async (c) => send(c, await recordInspectionFinding(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/findings/{id}/actions', tags, summary: 'Open a follow-up of a finding: recall, discipline or refund',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({
        kind: z.enum(ACTION_KINDS), dueOn: IsoDate, amountDong: PositiveMoney.nullish(), note: z.string().max(2000).nullish(),
      }) } }, required: true } },
      responses: { 201: json(Anything, 'Action'), ...errorResponses },
    }),
    async (c) => send(c, await createInspectionAction(dbOf(c), requestContext(c), { findingId: c.req.valid('param').id, ...c.req.valid('json') }), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/actions/{id}/complete', tags, summary: 'Complete a follow-up; completing a recall recalls the loan (its whole balance falls due)',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ completedOn: IsoDate, note: z.string().max(2000).nullish() }) } }, required: true } },
      responses: { 200: json(Anything, 'Action'), ...errorResponses },
    }),
    async (c) => send(c, await completeInspectionAction(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/inspections/actions/{id}/cancel', tags, summary: 'Cancel an open follow-up with a reason',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ reason: Text(2000) }) } }, required: true } },
      responses: { 200: json(Anything, 'Action'), ...errorResponses },
    }),
    async (c) => send(c, await cancelInspectionAction(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').reason)),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/use-of-funds-checks', tags, summary: 'Use-of-funds checks (06/TD) in your scope, of one loan or all, with their photos\' metadata',
      request: { query: z.object({ loanId: BigId.optional() }) },
      responses: { 200: json(Items, 'Checks'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listUseOfFundsChecks(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/use-of-funds-checks', tags, summary: 'Record a use-of-funds check (form 06/TD) of a disbursed loan',
      request: { body: { content: { 'application/json': { schema: z.object({ loanId: BigId, checkedOn: IsoDate, result: z.enum(CHECK_RESULTS), notes: z.string().max(4000).nullish() }) } }, required: true } },
      responses: { 201: json(Anything, 'Check'), ...errorResponses },
    }),
    async (c) => send(c, await recordUseOfFundsCheck(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/use-of-funds-checks/{id}/photos', tags,
      summary: 'Attach a photo (multipart field "file"): 413 photo_too_large over the configured size, 415 photo_type_invalid unless JPEG, PNG or WebP by its bytes',
      request: { params: IdPath, body: { content: { 'multipart/form-data': { schema: PhotoForm } }, required: true } },
      responses: { 201: json(Anything, 'Photo'), ...errorResponses },
    }),
    async (c) => {
      const file: unknown = c.req.valid('form').file
      if (!(file instanceof File)) throw new RuleViolation('validation_failed', { issues: [{ path: 'file', message: 'a file is required', code: 'custom' }] })
      const photo = await addUseOfFundsPhoto(dbOf(c), requestContext(c), c.req.valid('param').id, { fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) })
      return send(c, photo, 201)
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/use-of-funds-photos/{id}', tags, summary: 'A photo\'s bytes (the read is audited: use_of_funds_photo.view)',
      request: { params: IdPath },
      responses: { 200: { description: 'The image', content: { 'image/jpeg': { schema: z.string() }, 'image/png': { schema: z.string() }, 'image/webp': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const photo = await getUseOfFundsPhoto(dbOf(c), requestContext(c), c.req.valid('param').id)
      return c.body(photo.content as Uint8Array<ArrayBuffer>, 200, { 'content-type': photo.contentType, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' }) as never
    },
  )
  return app
}
