import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pino, type Logger } from 'pino'
import { ensureFirstAdmin, openApp, type TdcsApp } from '../app/open-app.js'
import type { Config } from '../app/config.js'
import { createApi } from './create-api.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const WEB_DIST = path.join(ROOT, 'dist', 'web')
export const VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version

export interface RunningServer {
  readonly url: string
  readonly tdcs: TdcsApp
  /** Set when this start created the first administrator with a generated password. */
  readonly firstAdmin: { username: string; password: string | undefined } | undefined
  close(): Promise<void>
}

/**
 * Opens the database (migrating it) unless given one already open (`app`, which the server then
 * owns and closes), creates the first admin if needed and serves API and web app.
 */
export async function startServer(
  config: Config & { readonly loadDataDir?: Blob | undefined; readonly app?: TdcsApp | undefined },
  log: Logger = pino({ level: config.logLevel }),
): Promise<RunningServer> {
  const tdcs = config.app ?? await openApp({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, loadDataDir: config.loadDataDir, pgliteTemplate: config.pgliteTemplate, authPolicy: config.authPolicy,
  })
  if (tdcs.fromTemplate) log.info(`New PGlite database at ${tdcs.location}, created from the install-time template ${path.basename(tdcs.fromTemplate)}`)
  if (tdcs.backend === 'pglite')
    log.warn(`Embedded PGlite at ${tdcs.location}: zero-setup mode with fsync off and one connection — for trying TDCS, not for real money. Set DATABASE_URL to use PostgreSQL.`)
  const firstAdmin = await ensureFirstAdmin(tdcs, config.adminPassword)
  const api = createApi(tdcs, { log, secureCookies: config.secureCookies, version: VERSION })
  if (existsSync(WEB_DIST)) {
    const webRoot = path.relative(process.cwd(), WEB_DIST) || '.'
    api.use('/assets/*', serveStatic({ root: webRoot }))
    api.use('/favicon.svg', serveStatic({ root: webRoot }))
    // Every other non-API path is a page of the single-page app.
    api.get('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : c.html(readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8'))))
  } else {
    log.warn('The web app is not built (dist/web missing): run `npm run build:web` or `npm start`.')
  }
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: api.fetch, port: config.port, hostname: config.host }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await tdcs.close()
    })())
  return { url, tdcs, firstAdmin, close }
}
