import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { recordFlagRecall } from '../../app/inspections/findings.js'
import { assignRedFlag, getRedFlag } from '../../app/supervision/flag-detail.js'
import { listFlagRules, listFlagRuns, runFlagRules } from '../../app/supervision/flag-runs.js'
import { newFlagRuleVersion, supervisionDashboard } from '../../app/supervision/dashboard.js'
import { FINDING_OUTCOMES, FLAG_SEVERITIES } from '../../domain/supervision/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { BigId, errorResponses, IdPath, IsoDate, json, PositiveMoney } from '../schemas.js'

const Anything = z.record(z.string(), z.unknown())

/**
 * Supervision (issue 9): the red-flag rules with their parameters and documentation, on-demand
 * runs, and a flag's detail — whose evidence names people, so every read of it is audited — with
 * the open loans it concerns and the recall recorded from it once confirmed.
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
      method: 'get', path: '/red-flags/{id}', tags: ['supervision'], summary: 'One flag with its evidence, its open loans and the follow-ups recorded from it (the read is audited: red_flag.view)',
      request: { params: IdPath },
      responses: { 200: json(Anything, 'Flag'), ...errorResponses },
    }),
    async (c) => send(c, await getRedFlag(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/red-flags/{id}/recall', tags: ['supervision'],
      summary: "Record from a confirmed flag the finding on one of its loans and a recall (linked to the flag); 409 red_flag_not_confirmed, 422 red_flag_without_loan or red_flag_loan_not_linked, 409 red_flag_recall_exists",
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({
        planId: z.number().int().positive(), loanId: BigId.optional(), outcome: z.enum(FINDING_OUTCOMES), foundOn: IsoDate, dueOn: IsoDate,
        amountDong: PositiveMoney.nullish(), note: z.string().max(2000).nullish(),
      }) } }, required: true } },
      responses: { 201: json(Anything, 'The finding with its recall'), ...errorResponses },
    }),
    async (c) => send(c, await recordFlagRecall(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/red-flags/{id}/assign', tags: ['supervision'], summary: 'Assign an open or under-review flag to a user who can see it',
      request: { params: IdPath, body: { content: { 'application/json': { schema: z.object({ assigneeId: z.number().int().positive() }) } }, required: true } },
      responses: { 200: json(Anything, 'Flag'), ...errorResponses },
    }),
    async (c) => send(c, await assignRedFlag(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json').assigneeId)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/supervision/rules/{rule}/versions', tags: ['supervision'],
      summary: "A new dated version of a rule's parameters, with its legal basis or reason (after the latest version; audited: flag_rule.version)",
      request: {
        params: z.object({ rule: z.string().max(60).openapi({ param: { name: 'rule', in: 'path' } }) }),
        body: { content: { 'application/json': { schema: z.object({
          validFrom: IsoDate, params: z.record(z.string(), z.union([z.string().max(20), z.number()])), legalBasis: z.string().trim().min(3).max(1000),
          severity: z.enum(FLAG_SEVERITIES).optional(), enabled: z.boolean().optional(),
        }) } }, required: true },
      },
      responses: { 201: json(Anything, 'The rule as in force from the new version'), ...errorResponses },
    }),
    async (c) => send(c, await newFlagRuleVersion(dbOf(c), requestContext(c), c.req.valid('param').rule, c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/supervision/dashboard', tags: ['supervision'], summary: 'Open flags by unit and rule, median time to resolve per rule, overdue inspection follow-ups',
      responses: { 200: json(Anything, 'Dashboard'), ...errorResponses },
    }),
    async (c) => send(c, await supervisionDashboard(dbOf(c), requestContext(c))),
  )
  return app
}
