import { DEFAULT_AUTH_POLICY, type AuthPolicy } from './auth.js'

/** Everything the system reads from its environment, read once at start. */
export interface Config {
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly port: number
  readonly host: string
  readonly adminPassword: string | undefined
  readonly logLevel: string
  readonly authPolicy: AuthPolicy
  /** Send cookies with `Secure`: on behind HTTPS in production, off for http://localhost. */
  readonly secureCookies: boolean
  /**
   * A new PGlite data folder starts from the install-time template of the empty migrated schema
   * (src/db/pglite-template.ts) when one matches; TDCS_PGLITE_TEMPLATE=0 runs initdb and the migrations instead.
   */
  readonly pgliteTemplate: boolean
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.TDCS_DATA_DIR || './data/pglite',
    port: Number(env.PORT || 3000),
    host: env.HOST || '0.0.0.0',
    adminPassword: env.TDCS_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    authPolicy: {
      ...DEFAULT_AUTH_POLICY,
      ...(env.TDCS_MAX_FAILED_LOGINS ? { maxFailedLogins: Number(env.TDCS_MAX_FAILED_LOGINS) } : {}),
    },
    secureCookies: env.TDCS_SECURE_COOKIES === '1',
    pgliteTemplate: env.TDCS_PGLITE_TEMPLATE !== '0',
  }
}
