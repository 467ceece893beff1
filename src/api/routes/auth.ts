import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { login, logout, setLocale } from '../../app/auth.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { requestContext, type ApiEnv } from '../env.js'
import { SESSION_COOKIE } from '../middleware.js'
import { send } from '../respond.js'
import { errorResponses, json, MeSchema } from '../schemas.js'

const SessionSchema = z.object({ user: MeSchema, csrfToken: z.string() }).openapi('Session')

export function authRoutes(secureCookies: boolean) {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'post', path: '/login', tags: ['auth'], summary: 'Log in (sets an http-only session cookie)',
      request: { body: { content: { 'application/json': { schema: z.object({ username: z.string().min(1).max(50), password: z.string().min(1).max(200) }) } }, required: true } },
      responses: { 200: json(SessionSchema, 'Logged in'), ...errorResponses, 423: json(z.unknown(), 'Locked after repeated failures') },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json')
      const tdcs = c.get('tdcs')
      const { sessionToken, session } = await login(tdcs.db, { requestId: c.get('requestId'), now: new Date() }, tdcs.authPolicy, username, password)
      setCookie(c, SESSION_COOKIE, sessionToken, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secureCookies, maxAge: tdcs.authPolicy.absoluteHours * 3600 })
      return send(c, { user: session.me, csrfToken: session.csrfToken })
    },
  )

  app.openapi(
    createRoute({ method: 'post', path: '/logout', tags: ['auth'], summary: 'Log out', responses: { 204: { description: 'Logged out' }, ...errorResponses } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE)
      if (token) await logout(c.get('tdcs').db, requestContext(c), token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204) as never
    },
  )

  app.openapi(
    createRoute({ method: 'get', path: '/me', tags: ['auth'], summary: 'The logged-in user, permissions and CSRF token', responses: { 200: json(SessionSchema, 'Session'), ...errorResponses } }),
    (c) => {
      const session = c.get('session')
      if (!session) throw new RuleViolation('not_authenticated')
      return send(c, { user: session.me, csrfToken: session.csrfToken })
    },
  )

  app.openapi(
    createRoute({
      method: 'put', path: '/locale', tags: ['auth'], summary: 'Set the interface language',
      request: { body: { content: { 'application/json': { schema: z.object({ locale: z.enum(['vi', 'en']) }) } }, required: true } },
      responses: { 204: { description: 'Saved' }, ...errorResponses },
    }),
    async (c) => {
      await setLocale(c.get('tdcs').db, requestContext(c), c.req.valid('json').locale)
      return c.body(null, 204) as never
    },
  )
  return app
}
