import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { REPORT_XLSX_MIME, reportPdf, reportWorkbook } from '../../app/reports/render.js'
import { runReport } from '../../app/reports/run-report.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json } from '../schemas.js'

// The standard reports (issue #7), mounted at /api/v1/reports: GET /reports/{name} answers JSON,
// GET /reports/{name}.xlsx an Excel workbook and GET /reports/{name}.pdf a PDF — same parameters.

const tags = ['reports']
const Query = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  date: z.string().optional().openapi({ description: 'Portfolio, quality: YYYY-MM-DD, today or a closed month-end (default today)' }),
  from: z.string().optional().openapi({ description: 'Turnover: first day (default the first of the month of `to`)' }),
  to: z.string().optional().openapi({ description: 'Turnover: last day (default today)' }),
  by: z.string().optional().openapi({ description: 'program | unit | organisation | group | capital_source (default program)' }),
  // -- reports (outcomes) --
  source: z.string().max(60).optional().openapi({ description: 'Fund statement: the capital source (default CENTRAL)' }),
  year: z.string().max(4).optional().openapi({ description: 'Plan vs actual: the plan year (default the year of `date`)' }),
  quarter: z.string().max(1).optional().openapi({ description: 'Plan vs actual: quarter 1–4 (default the whole year)' }),
  program: z.string().max(40).optional().openapi({ description: 'Plan vs actual: one program (default all)' }),
  locale: z.enum(['vi', 'en']).default('vi'),
})
const NamePath = z.object({ name: z.string().max(60).openapi({ param: { name: 'name', in: 'path' }, description: 'portfolio | turnover | quality | outcomes | fund-statement | plan-vs-actual, optionally with .xlsx or .pdf' }) })

export function reportRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/{name}', tags, summary: 'A standard report for a unit of your scope (JSON; `.xlsx` and `.pdf` give the same report as a file)',
      request: { params: NamePath, query: Query },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Report'), ...errorResponses },
    }),
    async (c) => {
      const { locale, ...params } = c.req.valid('query')
      const match = /^([a-z_-]+)(?:\.(json|xlsx|pdf))?$/.exec(c.req.valid('param').name)
      if (!match) throw new RuleViolation('report_unknown', { name: c.req.valid('param').name })
      const [, name, format = 'json'] = match
      const report = await runReport(dbOf(c), requestContext(c), name!, params)
      const file = `bao-cao-${report.name}-${String(report.params['date'] ?? report.params['to'])}`
      if (format === 'xlsx') return c.body(new Uint8Array(await reportWorkbook(report, locale)), 200, { 'content-type': REPORT_XLSX_MIME, 'content-disposition': `attachment; filename="${file}.xlsx"` }) as never
      if (format === 'pdf') return c.body(new Uint8Array(await reportPdf(report, locale)), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file}.pdf"` }) as never
      return send(c, report)
    },
  )
  return app
}
