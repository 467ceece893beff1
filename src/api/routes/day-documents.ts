import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { dispatchDayNotices, listNotices, logNoticeSender, queueNotices, type NoticeSender } from '../../app/transaction-day/notices.js'
import { DAY_SHEET_XLSX_MIME, daySheetPdf, daySheetXlsx } from '../../app/transaction-day/print.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { BigId, errorResponses, json } from '../schemas.js'

const DayPath = z.object({ id: z.string().regex(/^\d{1,18}$/).transform((s) => BigInt(s)).openapi({ param: { name: 'id', in: 'path' }, type: 'string', example: '3' }) })
const binary = (mime: string, description: string) => ({ description, content: { [mime]: { schema: z.string().openapi({ format: 'binary' }) } } })

const QueueReport = z.object({
  dayId: z.string(), borrowers: z.number().int(), created: z.number().int(), queued: z.number().int(), skipped: z.number().int(), existing: z.number().int(),
}).openapi('NoticeQueueReport')
const DispatchReport = z.object({ attempted: z.number().int(), sent: z.number().int(), failed: z.number().int() }).openapi('NoticeDispatchReport')
const NoticeStatus = z.enum(['queued', 'sent', 'failed', 'skipped'])
const Notice = z.object({
  id: z.string(), householdId: z.string(), householdCode: z.string(), headName: z.string().nullable(), phone: z.string().nullable(), body: z.string(),
  status: NoticeStatus, attempts: z.number().int(), lastError: z.string().nullable(), sentAt: z.string().nullable(), createdAt: z.string(),
}).openapi('BorrowerNotice')

/**
 * The day's printable documents and notices to borrowers (mounted at /api/v1/transaction-days,
 * beside the day's JSON routes). `senderOf` picks the notice sender for a request: the log by
 * default — no gateway is called unless one is plugged in here.
 */
export function dayDocumentRoutes(senderOf: (c: Context<ApiEnv>) => NoticeSender = (c) => logNoticeSender(c.get('log'))) {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['transaction-days']
  app.openapi(
    createRoute({
      method: 'get', path: '/{id}/sheet.pdf', tags, summary: 'The interest and savings collection list (form 13/TD) as a PDF: a page per group, or one group',
      request: { params: DayPath, query: z.object({ groupId: BigId.optional() }) },
      responses: { 200: binary('application/pdf', 'PDF'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const { groupId } = c.req.valid('query')
      const pdf = await daySheetPdf(dbOf(c), requestContext(c), id, { groupId })
      const name = `mau-13-TD-ngay-${id}${groupId === undefined ? '' : `-to-${groupId}`}.pdf`
      return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}"` }) as never
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/{id}/sheet.xlsx', tags, summary: 'The day sheet as an Excel workbook: a summary sheet and one worksheet per group',
      request: { params: DayPath },
      responses: { 200: binary(DAY_SHEET_XLSX_MIME, 'Workbook'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const bytes = await daySheetXlsx(dbOf(c), requestContext(c), id)
      return c.body(new Uint8Array(bytes), 200, { 'content-type': DAY_SHEET_XLSX_MIME, 'content-disposition': `attachment; filename="bang-ke-ngay-giao-dich-${id}.xlsx"` }) as never
    },
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/notices', tags, summary: 'Queue a notice to every borrowing household of the day (once per household; a second call adds nothing)',
      request: { params: DayPath },
      responses: { 200: json(QueueReport, 'What was queued'), ...errorResponses },
    }),
    async (c) => send(c, await queueNotices(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/notices/dispatch', tags, summary: 'Send the day\'s queued notices through the configured sender (the log by default)',
      request: { params: DayPath, query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500) }) },
      responses: { 200: json(DispatchReport, 'What was sent'), ...errorResponses },
    }),
    async (c) => send(c, await dispatchDayNotices(dbOf(c), requestContext(c), c.req.valid('param').id, senderOf(c), { limit: c.req.valid('query').limit })),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/{id}/notices', tags, summary: 'The day\'s notices with their delivery status',
      request: {
        params: DayPath,
        query: z.object({ status: NoticeStatus.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200), offset: z.coerce.number().int().min(0).default(0) }),
      },
      responses: {
        200: json(z.object({ items: z.array(Notice), total: z.number().int(), counts: z.record(NoticeStatus, z.number().int()) }), 'Notices'),
        ...errorResponses,
      },
    }),
    async (c) => send(c, await listNotices(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('query'))),
  )
  return app
}
