import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { boardDashboard, dashboardGroupLoans } from '../../app/dashboards.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json } from '../schemas.js'

// Dashboards (issue #7), mounted at /api/v1/dashboards: the board dashboard of a unit of your scope
// at the latest closed month-end on or before a date, and the loans of a savings group (the last
// step of the drill-down province → commune → group → loan).

const tags = ['dashboards']
const DateQuery = z.string().optional().openapi({ description: 'YYYY-MM-DD (default today): the latest closed month-end on or before it is shown' })

export function dashboardRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/board', tags, summary: 'Key figures with their changes, poverty-rate and overdue trends, outstanding by program, child units by overdue ratio, groups, plan vs actual',
      request: { query: z.object({ unitId: z.coerce.number().int().positive().max(2_147_483_647).optional(), date: DateQuery }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Dashboard'), ...errorResponses },
    }),
    async (c) => send(c, await boardDashboard(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/groups/{id}/loans', tags, summary: "A savings group's loans with principal outstanding at the month-end",
      request: { params: z.object({ id: z.string().regex(/^\d{1,18}$/).openapi({ param: { name: 'id', in: 'path' } }) }), query: z.object({ date: DateQuery }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Loans of the group'), ...errorResponses },
    }),
    async (c) => send(c, await dashboardGroupLoans(dbOf(c), requestContext(c), { groupId: BigInt(c.req.valid('param').id), date: c.req.valid('query').date })),
  )
  return app
}
