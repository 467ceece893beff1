import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import type { Logger } from 'pino'
import type { TdcsApp } from '../app/open-app.js'
import type { ApiEnv } from './env.js'
import { errorResponse, onError } from './errors.js'
import { docsPage } from './docs-page.js'
import { fieldIssue } from './validation-messages.js'
import { authenticate, csrfGuard, idempotent } from './middleware.js'
import { approvalRoutes } from './routes/approvals.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { unitRoutes } from './routes/units.js'
import { userRoutes } from './routes/users.js'
// -- places imports --
import { networkRoutes } from './routes/network.js'
import { placeRoutes } from './routes/places.js'
// -- households imports --
import { householdRoutes } from './routes/households.js'
// -- poverty imports --
import { povertyRoutes } from './routes/poverty.js'
// -- lending imports --
import { ledgerRoutes } from './routes/ledger.js'
import { programRoutes } from './routes/programs.js'
import { loanRoutes } from './routes/loans.js'
// -- lending web imports --
import { transactionDayRoutes } from './routes/transaction-days.js'
import { monthEndRoutes } from './routes/month-end.js'
// -- network groups imports --
import { entrustmentContractRoutes, groupRoutes, networkRulesRoutes, organisationUnitRoutes } from './routes/groups.js'
// -- transaction day documents imports --
import { dayDocumentRoutes } from './routes/day-documents.js'
// -- fees imports --
import { feeRoutes } from './routes/fees.js'
// -- takeover imports --
import { takeoverRoutes } from './routes/takeover.js'
// -- capital imports --
import { capitalRoutes } from './routes/capital.js'
// -- supervision imports --
import { supervisionRoutes } from './routes/supervision.js'
// -- inspections imports --
import { inspectionRoutes } from './routes/inspections.js'
// -- plans imports --
import { planRoutes } from './routes/plans.js'
// -- reports imports --
import { reportRoutes } from './routes/reports.js'
// -- dashboards imports --
import { dashboardRoutes } from './routes/dashboards.js'
import { publicRoutes, transparencyRoutes } from './routes/transparency.js'

export const MAX_BODY_BYTES = 1024 * 1024
/** Spreadsheet and dataset uploads (a province's household registry is tens of megabytes). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024
// -- takeover: the takeover upload (capital/takeovers) is a spreadsheet too --
const UPLOAD_PATHS = /^\/api\/v1\/(places\/imports|households\/import|capital\/takeovers)$/
// -- inspections: 06/TD photos; the size rule (2 MB by default, dated data) answers photo_too_large below this --
const PHOTO_PATHS = /^\/api\/v1\/use-of-funds-checks\/\d+\/photos$/
export const MAX_PHOTO_BODY_BYTES = 24 * 1024 * 1024

export interface ApiOptions {
  readonly log: Logger
  readonly secureCookies: boolean
  readonly version: string
}

/** The HTTP API as a Hono app: tests call `api.request()` in-process, the server mounts it. */
export function createApi(tdcs: TdcsApp, options: ApiOptions): OpenAPIHono<ApiEnv> {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, 'validation_failed', { issues: result.error.issues.map(fieldIssue) })
    },
  })
  api.use('*', requestId({ headerName: 'x-request-id' }))
  api.use('*', async (c, next) => {
    c.set('tdcs', tdcs)
    c.set('log', options.log.child({ requestId: c.get('requestId') }))
    const started = performance.now()
    await next()
    c.get('log').info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request')
  })
  const smallBodies = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, 'body_too_large', { maxBytes: MAX_BODY_BYTES }) })
  const uploads = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: (c) => errorResponse(c, 'body_too_large', { maxBytes: MAX_UPLOAD_BYTES }) })
  // -- inspections: photo bodies --
  const photos = bodyLimit({ maxSize: MAX_PHOTO_BODY_BYTES, onError: (c) => errorResponse(c, 'body_too_large', { maxBytes: MAX_PHOTO_BODY_BYTES }) })
  api.use('*', (c, next) => (UPLOAD_PATHS.test(c.req.path) ? uploads(c, next) : PHOTO_PATHS.test(c.req.path) ? photos(c, next) : smallBodies(c, next)))
  api.onError(onError)
  api.notFound((c) => errorResponse(c, 'route_not_found', { path: c.req.path }))

  api.get('/api/health', async (c) => {
    const started = performance.now()
    await tdcs.db.selectFrom('units').select('id').limit(1).execute()
    return c.json({ status: 'ok', version: options.version, database: { backend: tdcs.backend, server: tdcs.serverVersion, pingMs: Math.round(performance.now() - started) } })
  })

  // -- dashboards: the public page of a province needs no login (outside /api/v1) --
  api.route('/api/public', publicRoutes())

  api.use('/api/v1/*', authenticate, csrfGuard, idempotent())
  api.route('/api/v1/auth', authRoutes(options.secureCookies))
  api.route('/api/v1/users', userRoutes())
  api.route('/api/v1/units', unitRoutes())
  api.route('/api/v1/audit', auditRoutes())
  api.route('/api/v1/approvals', approvalRoutes())
  // -- places routes --
  api.route('/api/v1/places', placeRoutes())
  api.route('/api/v1/network', networkRoutes())
  // -- households routes --
  api.route('/api/v1/households', householdRoutes())
  // -- poverty routes --
  api.route('/api/v1/poverty', povertyRoutes())
  // -- lending routes --
  api.route('/api/v1/ledger', ledgerRoutes())
  api.route('/api/v1/programs', programRoutes())
  api.route('/api/v1', loanRoutes())
  // -- lending web routes --
  api.route('/api/v1/period-closes', monthEndRoutes())
  // -- network groups routes --
  api.route('/api/v1/organisation-units', organisationUnitRoutes())
  api.route('/api/v1/entrustment-contracts', entrustmentContractRoutes())
  api.route('/api/v1/groups', groupRoutes())
  api.route('/api/v1/network-rules', networkRulesRoutes())
  // -- transaction day routes --
  api.route('/api/v1', transactionDayRoutes())
  // -- transaction day documents routes --
  api.route('/api/v1/transaction-days', dayDocumentRoutes())
  // -- fees routes --
  api.route('/api/v1', feeRoutes())
  // -- takeover routes --
  api.route('/api/v1/capital/takeovers', takeoverRoutes())
  // -- capital routes --
  api.route('/api/v1/capital', capitalRoutes())
  // -- supervision routes --
  api.route('/api/v1', supervisionRoutes())
  // -- inspections routes --
  api.route('/api/v1', inspectionRoutes())
  // -- plans routes --
  api.route('/api/v1/plans', planRoutes())
  // -- reports routes --
  api.route('/api/v1/reports', reportRoutes())
  // -- dashboards routes --
  api.route('/api/v1/dashboards', dashboardRoutes())
  api.route('/api/v1', transparencyRoutes())

  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'TDCS API', version: options.version, description: 'Tín dụng chính sách xã hội — money crosses JSON as integer strings of whole đồng.' },
  })
  api.get('/api/docs', (c) => c.html(docsPage(api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'TDCS API', version: options.version } }))))
  return api
}
