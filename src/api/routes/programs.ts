import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { addProgramTerms, programCatalogue } from '../../app/programs.js'
import type { LocalDate } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json } from '../schemas.js'

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-01-01' })

const VersionSchema = z.object({
  id: z.number(), validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), note: z.string().nullable(),
  terms: z.unknown().openapi({ description: 'ProgramTermsJson: rates in micros and money in đồng, as integer strings' }),
  rates: z.array(z.object({ from: z.string(), yearlyMicros: z.string() })).openapi({ description: 'The yearly rate this version resolves to from each date (base-rate changes included)' }),
})
const ProgramSchema = z
  .object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), borrowerKind: z.string(), active: z.boolean(), versions: z.array(VersionSchema) })
  .openapi('Program')

export function programRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({ method: 'get', path: '/', tags: ['programs'], summary: 'The program catalogue with every dated version of its terms', responses: { 200: json(z.object({ items: z.array(ProgramSchema) }), 'Programs'), ...errorResponses } }),
    async (c) => {
      const programs = await programCatalogue(dbOf(c), requestContext(c))
      return send(c, { items: programs.map((p) => ({ ...p, versions: p.versions.map((v) => ({ id: v.id, validFrom: v.validFrom, validTo: v.validTo, legalBasis: v.legalBasis, note: v.note, terms: v.termsJson, rates: v.rates })) })) })
    },
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{code}/terms', tags: ['programs'], summary: 'Add a new version of a program\'s terms from a date (the previous one ends the day before)',
      request: {
        params: z.object({ code: z.string().regex(/^[A-Z0-9_]{2,40}$/).openapi({ param: { name: 'code', in: 'path' } }) }),
        body: { content: { 'application/json': { schema: z.object({ validFrom: IsoDate, legalBasis: z.string().trim().min(3).max(500), note: z.string().max(2000).nullable().optional(), terms: z.record(z.string(), z.unknown()) }) } }, required: true },
      },
      responses: { 201: json(z.object({ id: z.number() }), 'Added'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const version = await addProgramTerms(dbOf(c), requestContext(c), { programCode: c.req.valid('param').code, validFrom: body.validFrom as LocalDate, legalBasis: body.legalBasis, note: body.note ?? null, terms: body.terms })
      return send(c, { id: version.id }, 201)
    },
  )
  return app
}
