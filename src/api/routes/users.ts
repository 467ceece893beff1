import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createUser, getUser, listUsers, setUserStatus } from '../../app/users.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json, OrganisationSchema, pageQuery, RoleSchema, UserSchema } from '../schemas.js'

const CreateUserBody = z
  .object({
    username: z.string().trim().min(3).max(50).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
    fullName: z.string().trim().min(1).max(200),
    role: RoleSchema,
    unitId: z.number().int().positive(),
    organisation: OrganisationSchema.nullable().optional(),
    password: z.string().min(1).max(200),
  })
  .openapi('CreateUser')

export function userRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'get', path: '/', tags: ['users'], summary: 'Users in your scope',
      request: { query: z.object({ q: z.string().max(100).optional(), role: RoleSchema.optional(), unitId: z.coerce.number().int().positive().optional(), status: z.enum(['active', 'disabled']).optional(), ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(UserSchema), total: z.number() }), 'A page of users'), ...errorResponses },
    }),
    async (c) => send(c, await listUsers(dbOf(c), requestContext(c), c.req.valid('query'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/', tags: ['users'], summary: 'Create a user (an administrator needs a second administrator\'s approval)',
      request: { body: { content: { 'application/json': { schema: CreateUserBody } }, required: true } },
      responses: { 201: json(UserSchema, 'Created'), 202: json(z.object({ approvalId: z.number() }), 'Waiting for approval'), ...errorResponses },
    }),
    async (c) => {
      const outcome = await createUser(dbOf(c), requestContext(c), c.req.valid('json'))
      return outcome.kind === 'created' ? send(c, outcome.user, 201) : send(c, { approvalId: outcome.approvalId }, 202)
    },
  )

  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags: ['users'], summary: 'One user', request: { params: IdParam }, responses: { 200: json(UserSchema, 'The user'), ...errorResponses } }),
    async (c) => send(c, await getUser(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )

  for (const [action, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: `/{id}/${action}`, tags: ['users'], summary: action === 'disable' ? 'Disable a user (ends their sessions)' : 'Re-enable a user (also lifts a lockout)',
        request: { params: IdParam }, responses: { 200: json(UserSchema, 'The user'), ...errorResponses },
      }),
      async (c) => send(c, await setUserStatus(dbOf(c), requestContext(c), c.req.valid('param').id, status)),
    )
  }
  return app
}
