import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { publicPosting, publicPostingPdf, publicProvince } from '../../app/transparency.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json } from '../schemas.js'

// Công khai (issue #7). transparencyRoutes (mounted at /api/v1, logged in): a transaction point's
// public posting as JSON and as an A4 PDF. publicRoutes (mounted at /api/public, no login): a
// province's aggregate figures from the latest closed month-end — no personal data.

const tags = ['transparency']
const Query = z.object({ date: z.string().optional().openapi({ description: 'YYYY-MM-DD (default today): the programs and rates in force that day' }) })

export function transparencyRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-points/{id}/public-posting', tags, summary: 'The public posting of a point: programs and rates in force, borrowers with loans outstanding (name, village, program, amount, term)',
      request: { params: IdParam, query: Query },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Posting'), ...errorResponses },
    }),
    async (c) => send(c, await publicPosting(dbOf(c), requestContext(c), { pointId: c.req.valid('param').id, date: c.req.valid('query').date })),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/transaction-points/{id}/public-posting.pdf', tags, summary: 'The same posting as an A4 PDF to pin up at the point',
      request: { params: IdParam, query: Query },
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const posting = await publicPosting(dbOf(c), requestContext(c), { pointId: c.req.valid('param').id, date: c.req.valid('query').date })
      const file = `cong-khai-${posting.point.code}-${posting.date}.pdf`
      return c.body(new Uint8Array(await publicPostingPdf(posting)), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file}"` }) as never
    },
  )
  return app
}

export function publicRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/provinces/{code}', tags, summary: "A province's public figures (no login): aggregates of the latest closed month-end, no personal data",
      request: { params: z.object({ code: z.string().max(10).openapi({ param: { name: 'code', in: 'path' }, example: '20' }) }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Public figures'), ...errorResponses },
    }),
    async (c) => send(c, await publicProvince(dbOf(c), c.req.valid('param').code)),
  )
  return app
}
