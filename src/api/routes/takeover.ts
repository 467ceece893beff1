import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { takeOverPortfolio } from '../../app/capital/takeover.js'
import { listTakeoverRuns, takeoverTemplate, TAKEOVER_TEMPLATE_CSV, TAKEOVER_TEMPLATE_XLSX, XLSX_MIME } from '../../app/capital/takeover-template.js'
import { orThrow, parseDong, parseIsoDate, RuleViolation } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json, pageQuery } from '../schemas.js'

const tags = ['Capital: portfolio takeover']
const MoneyText = z.string().max(40).openapi({ example: '7.200.000.000' })

const TakeoverForm = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary', description: '.xlsx or .csv, one row per loan (see the template)' }),
    capitalSource: z.string().regex(/^[A-Z0-9_]{2,40}$/),
    takeoverDate: z.string().openapi({ example: '2016-06-30' }),
    capitalDong: MoneyText.openapi({ description: 'Tổng nguồn vốn (stated)' }),
    outstandingDong: MoneyText.openapi({ description: 'Dư nợ (stated)' }),
    fundBalanceDong: MoneyText.openapi({ description: 'Tồn quỹ (stated)' }),
    overdueDong: MoneyText.openapi({ description: 'Nợ quá hạn (stated)' }),
    dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'true: check and reconcile only, write nothing (no Idempotency-Key needed)' }),
  })
  .openapi('TakeoverForm')

const Check = z.object({ check: z.string(), statedDong: z.string(), computedDong: z.string(), differenceDong: z.string() })
const TakeoverReport = z
  .object({
    status: z.enum(['checked', 'posted', 'already_posted']),
    ok: z.boolean(),
    runId: z.string().nullable(),
    capitalSource: z.string(),
    takeoverDate: z.string(),
    fileName: z.string(),
    sha256: z.string(),
    rows: z.number(),
    loanCount: z.number(),
    stated: z.record(z.string(), z.string()),
    computed: z.record(z.string(), z.union([z.string(), z.number()])),
    checks: z.array(Check),
    errorCount: z.number(),
    errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), code: z.string(), message: z.object({ vi: z.string(), en: z.string() }) })),
  })
  .openapi('TakeoverReport')

function money(field: string, text: string): bigint {
  const parsed = parseDong(text)
  if (!parsed.ok) throw new RuleViolation('validation_failed', { issues: [{ path: field, message: 'invalid_money: whole đồng, e.g. "1.500.000"', code: 'custom' }] })
  return parsed.value
}

/** Portfolio takeover into a local fund: template, dry run, post, list (issue 6). */
export function takeoverRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'get', path: '/template.xlsx', tags, summary: 'The takeover template (.xlsx)',
      responses: { 200: { description: 'The template', content: { [XLSX_MIME]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const body = (await takeoverTemplate(requestContext(c), 'xlsx')) as Buffer
      return c.body(new Uint8Array(body), 200, { 'content-type': XLSX_MIME, 'content-disposition': `attachment; filename="${TAKEOVER_TEMPLATE_XLSX}"` }) as never
    },
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/template.csv', tags, summary: 'The takeover template (.csv, UTF-8)',
      responses: { 200: { description: 'The template', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => c.body(takeoverTemplate(requestContext(c), 'csv') as string, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${TAKEOVER_TEMPLATE_CSV}"` }) as never,
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, summary: 'Posted takeovers into funds in scope',
      request: { query: z.object({ capitalSource: z.string().regex(/^[A-Z0-9_]{2,40}$/).optional(), ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'The runs'), ...errorResponses },
    }),
    async (c) => send(c, await listTakeoverRuns(dbOf(c), requestContext(c), c.req.valid('query'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/', tags,
      summary: 'Take over a portfolio: dry run (200, the reconciliation report) or post (201; needs Idempotency-Key). 422 takeover_rejected / takeover_totals_mismatch carry the report',
      request: { body: { content: { 'multipart/form-data': { schema: TakeoverForm } }, required: true } },
      responses: { 200: json(TakeoverReport, 'Checked, or posted before'), 201: json(TakeoverReport, 'Posted'), ...errorResponses },
    }),
    async (c) => {
      const form = c.req.valid('form')
      const dryRun = form.dryRun === 'true'
      if (!dryRun && !c.req.header('idempotency-key')) throw new RuleViolation('idempotency_key_required')
      const file: unknown = form.file
      if (!(file instanceof File)) throw new RuleViolation('validation_failed', { issues: [{ path: 'file', message: 'a file is required', code: 'custom' }] })
      const report = await takeOverPortfolio(dbOf(c), requestContext(c), {
        capitalSource: form.capitalSource,
        takeoverDate: orThrow(parseIsoDate(form.takeoverDate)),
        fileName: file.name,
        content: new Uint8Array(await file.arrayBuffer()),
        stated: {
          capitalDong: money('capitalDong', form.capitalDong), outstandingDong: money('outstandingDong', form.outstandingDong),
          fundBalanceDong: money('fundBalanceDong', form.fundBalanceDong), overdueDong: money('overdueDong', form.overdueDong),
        },
        dryRun,
      })
      return send(c, report, report.status === 'posted' ? 201 : 200)
    },
  )
  return app
}
