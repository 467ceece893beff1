import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { getClassHistory, listCommuneRegister, listNewlyEscaped } from '../../app/poverty/classes.js'
import { classifyStandalone } from '../../app/poverty/classify.js'
import { povertyRates } from '../../app/poverty/rates.js'
import {
  cancelReview, decideReview, getReview, listOverdueRequests, listReviews, openAdHocReview, openAnnualReview, previewSurvey, recordMeeting,
  recordPosting, recordSurvey,
} from '../../app/poverty/reviews.js'
import { correctAverageLivingLines, createLocalStandard, getStandard, listStandards } from '../../app/poverty/standards.js'
import { AREA_TYPES, HOUSEHOLD_CLASSES, REVIEW_KINDS, REVIEW_STATUSES, STANDARD_SCOPES } from '../../domain/poverty/index.js'
import { dongFromJson, orThrow } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json, pageQuery } from '../schemas.js'

// /api/v1/poverty: standards, reviews (annual and ad hoc), class history and poverty rates.
// Money crosses as integer strings of whole đồng; dates as 'YYYY-MM-DD'.

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').openapi({ example: '2026-10-15' })
const MoneyString = z.string().max(30).openapi({ description: 'whole đồng as an integer string', example: '1500000' })
const Lines = z.object({ rural: MoneyString, urban: MoneyString }).openapi('PovertyLines')
const HouseholdId = z
  .union([z.string().regex(/^[1-9]\d{0,17}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .openapi({ type: 'string', example: '42' })
const HouseholdIdParam = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/).openapi({ param: { name: 'id', in: 'path' }, example: '42' }) })
const ProvinceCode = z.string().regex(/^\d{2}$/).openapi({ example: '79' })
const Indicators = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.boolean()).openapi({ description: 'indicator code → deprived', example: { employment: true, domestic_water: false } })
const Bilingual = z.object({ vi: z.string(), en: z.string() })

const StandardSchema = z
  .object({
    id: z.number().int(), code: z.string(), nameVi: z.string(), nameEn: z.string(), scope: z.enum(STANDARD_SCOPES), provinceCode: z.string().nullable(),
    validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), indicatorCount: z.number().int(), inForceToday: z.boolean(),
    rules: z.record(z.string(), z.unknown()).openapi({ description: 'incomeLinesDong, averageLivingLinesDong, note, dimensions[].indicators[], classification' }),
  })
  .openapi('PovertyStandard')

const ReviewSchema = z
  .object({
    id: z.number().int(), kind: z.enum(REVIEW_KINDS), communeUnitId: z.number().int(), communeName: z.string(), year: z.number().int(), status: z.enum(REVIEW_STATUSES),
    householdId: z.string().nullable(), requestedOn: z.string().nullable(), dueOn: z.string().nullable(), overdue: z.boolean(), openedOn: z.string(),
    meetingDate: z.string().nullable(), attendees: z.number().int().nullable(), agreeing: z.number().int().nullable(), postingFrom: z.string().nullable(),
    postingTo: z.string().nullable(), decisionNumber: z.string().nullable(), decisionDate: z.string().nullable(), assessedCount: z.number().int(),
  })
  .openapi('PovertyReview')

const ReviewDetailSchema = z
  .object({
    review: ReviewSchema,
    households: z.array(
      z.object({
        householdId: z.string(), code: z.string(), headName: z.string().nullable(), address: z.string().nullable(), villageName: z.string().nullable(),
        residenceType: z.enum(AREA_TYPES), status: z.string(), currentClass: z.enum(HOUSEHOLD_CLASSES).nullable(), assessment: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .openapi('PovertyReviewDetail')

const SurveyOutcomeSchema = z
  .object({
    householdId: z.string(), standardId: z.number().int(), standardCode: z.string(), areaType: z.enum(AREA_TYPES), incomePerPersonMonthDong: z.string(),
    class: z.enum(HOUSEHOLD_CLASSES), deprivations: z.array(z.string()), reasons: z.array(Bilingual),
    indicators: z.array(z.object({ code: z.string(), deprived: z.boolean(), source: z.enum(['derived', 'answered']), answered: z.boolean().nullable(), reason: Bilingual })),
    inputs: z.record(z.string(), z.unknown()),
  })
  .openapi('PovertySurveyOutcome')

const CreateLocalStandardBody = z
  .object({
    code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/),
    nameVi: z.string().trim().min(1).max(300),
    nameEn: z.string().trim().min(1).max(300),
    provinceCode: ProvinceCode,
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
    legalBasis: z.string().trim().min(1).max(1000),
    incomeLinesDong: Lines,
    averageLivingLinesDong: Lines.nullable().optional(),
    note: z.string().max(1000).nullable().optional(),
    dimensions: z.array(z.unknown()).max(12).optional().openapi({ description: 'omitted: those of the national standard in force on validFrom' }),
    classification: z.object({ poorMinDeprivations: z.number().int(), poorIncomeLinesDong: Lines.optional() }).optional(),
  })
  .openapi('CreateLocalPovertyStandard')

const SurveyBody = z
  .object({
    householdId: HouseholdId,
    surveyedOn: IsoDate.optional(),
    incomePerPersonMonthDong: MoneyString,
    floorAreaM2: z.number().min(0).max(100_000).nullable().optional(),
    indicators: Indicators.optional(),
  })
  .openapi('PovertySurvey')

const RateRowSchema = z.object({
  key: z.string(), level: z.string(), code: z.string(), name: z.string().nullable(), parentKey: z.string().nullable(), year: z.number().int(),
  households: z.number().int(), poor: z.number().int(), nearPoor: z.number().int(),
  poorRateBasisPoints: z.number().int().nullable().openapi({ description: '602 = 6.02%' }), nearPoorRateBasisPoints: z.number().int().nullable(),
})

const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })
const ok200 = <T extends z.ZodType>(schema: T, description: string) => ({ 200: json(schema, description), ...errorResponses })

export function povertyRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['poverty']

  // ---- standards ----
  app.openapi(
    createRoute({
      method: 'get', path: '/standards', tags, summary: 'Poverty standards (national and local), with their lines, indicators and legal basis',
      request: { query: z.object({ scope: z.enum(STANDARD_SCOPES).optional(), provinceCode: ProvinceCode.optional(), on: IsoDate.optional() }) },
      responses: ok200(z.object({ items: z.array(StandardSchema) }), 'Standards'),
    }),
    async (c) => send(c, { items: await listStandards(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/standards/{id}', tags, summary: 'One poverty standard', request: { params: IdParam }, responses: ok200(StandardSchema, 'The standard') }),
    async (c) => send(c, await getStandard(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/standards', tags, summary: 'Create a province\'s local standard (higher lines, no overlap)',
      request: body(CreateLocalStandardBody), responses: { 201: json(StandardSchema, 'Created'), ...errorResponses },
    }),
    async (c) => send(c, await createLocalStandard(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/standards/{id}/average-living-lines', tags, summary: 'Correct a standard\'s average-living lines and note (figures marked [verify])',
      request: { params: IdParam, ...body(z.object({ averageLivingLinesDong: Lines.nullable(), note: z.string().max(1000).nullable() }).openapi('CorrectAverageLivingLines')) },
      responses: ok200(StandardSchema, 'The corrected standard'),
    }),
    async (c) => send(c, await correctAverageLivingLines(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )

  // ---- a survey outside any review (what-if) ----
  app.openapi(
    createRoute({
      method: 'post', path: '/classify', tags, summary: 'Classify a survey under the standard of a date (writes nothing)',
      request: body(
        z
          .object({
            date: IsoDate, scope: z.enum(STANDARD_SCOPES).default('national'), provinceCode: ProvinceCode.nullable().optional(), areaType: z.enum(AREA_TYPES),
            incomePerPersonMonthDong: MoneyString, indicators: Indicators.default({}), floorAreaM2: z.number().min(0).max(100_000).nullable().optional(),
            members: z.array(z.object({ birthDate: IsoDate.nullable(), healthInsured: z.boolean().nullable(), inSchool: z.boolean().nullable() })).max(100).default([]),
          })
          .openapi('PovertyClassifyRequest'),
      ),
      responses: ok200(z.record(z.string(), z.unknown()), 'The class with reasons'),
    }),
    async (c) => {
      const b = c.req.valid('json')
      return send(c, await classifyStandalone(dbOf(c), requestContext(c), {
        ...b, provinceCode: b.provinceCode ?? null, floorAreaM2: b.floorAreaM2 ?? null, incomePerPersonMonthDong: orThrow(dongFromJson(b.incomePerPersonMonthDong)),
      }))
    },
  )

  // ---- reviews ----
  app.openapi(
    createRoute({
      method: 'get', path: '/reviews', tags, summary: 'Reviews of the communes in your scope',
      request: { query: z.object({ kind: z.enum(REVIEW_KINDS).optional(), year: z.coerce.number().int().min(2000).max(2100).optional(), status: z.enum(REVIEW_STATUSES).optional(), communeUnitId: z.coerce.number().int().positive().optional(), ...pageQuery }) },
      responses: ok200(z.object({ items: z.array(ReviewSchema), total: z.number().int() }), 'A page of reviews'),
    }),
    async (c) => send(c, await listReviews(dbOf(c), requestContext(c), c.req.valid('query'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/reviews', tags, summary: 'Open a commune\'s annual review (1 Sep – 14 Dec); answers with the households to review',
      request: body(z.object({ communeUnitId: z.number().int().positive(), year: z.number().int().min(2000).max(2100), openedOn: IsoDate.optional() }).openapi('OpenAnnualReview')),
      responses: { 201: json(ReviewDetailSchema, 'Opened'), ...errorResponses },
    }),
    async (c) => send(c, await openAnnualReview(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}', tags, summary: 'A review with its households and their assessments', request: { params: IdParam }, responses: ok200(ReviewDetailSchema, 'The review') }),
    async (c) => send(c, await getReview(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/reviews/{id}/surveys', tags, summary: 'Record (or re-record) a household\'s survey', request: { params: IdParam, ...body(SurveyBody) }, responses: ok200(SurveyOutcomeSchema, 'The assessment') }),
    async (c) => send(c, await recordSurvey(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/reviews/{id}/surveys/preview', tags, summary: 'What a survey would conclude (writes nothing)', request: { params: IdParam, ...body(SurveyBody) }, responses: ok200(SurveyOutcomeSchema, 'The assessment it would make') }),
    async (c) => send(c, await previewSurvey(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/reviews/{id}/meeting', tags, summary: 'Record the village meeting (at least 50% of attendees must agree)',
      request: { params: IdParam, ...body(z.object({ meetingDate: IsoDate, attendees: z.number().int().min(0).max(100_000), agreeing: z.number().int().min(0).max(100_000) }).openapi('PovertyMeeting')) },
      responses: ok200(ReviewSchema, 'The review'),
    }),
    async (c) => send(c, await recordMeeting(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/reviews/{id}/posting', tags, summary: 'Record the public posting period',
      request: { params: IdParam, ...body(z.object({ postingFrom: IsoDate, postingTo: IsoDate }).openapi('PovertyPosting')) },
      responses: ok200(ReviewSchema, 'The review'),
    }),
    async (c) => send(c, await recordPosting(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/reviews/{id}/decision', tags, summary: 'Record the commune chairman\'s decision: sets each assessed household\'s class',
      request: { params: IdParam, ...body(z.object({ decisionNumber: z.string().max(100), decisionDate: IsoDate }).openapi('PovertyDecision')) },
      responses: ok200(ReviewSchema, 'The review'),
    }),
    async (c) => send(c, await decideReview(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))),
  )
  app.openapi(
    createRoute({ method: 'post', path: '/reviews/{id}/cancel', tags, summary: 'Cancel a review not yet decided', request: { params: IdParam }, responses: ok200(ReviewSchema, 'The review') }),
    async (c) => send(c, await cancelReview(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )

  // ---- ad-hoc requests ----
  app.openapi(
    createRoute({
      method: 'post', path: '/ad-hoc-requests', tags, summary: 'Open an ad-hoc review on a household\'s request (from the 15th; due within 15 days)',
      request: body(z.object({ householdId: HouseholdId, requestedOn: IsoDate, openedOn: IsoDate.optional() }).openapi('OpenAdHocReview')),
      responses: { 201: json(ReviewSchema, 'Opened'), ...errorResponses },
    }),
    async (c) => send(c, await openAdHocReview(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/ad-hoc-requests/overdue', tags, summary: 'Ad-hoc requests still open after their due date',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: ok200(z.object({ items: z.array(ReviewSchema), total: z.number().int(), asOf: z.string() }), 'Overdue requests'),
    }),
    async (c) => send(c, await listOverdueRequests(dbOf(c), requestContext(c), c.req.valid('query').asOf)),
  )

  // ---- class history ----
  app.openapi(
    createRoute({
      method: 'get', path: '/households', tags, summary: 'A commune\'s active households with the class each has on a date',
      request: { query: z.object({ communeUnitId: z.coerce.number().int().positive().max(2_147_483_647), asOf: IsoDate.optional() }) },
      responses: ok200(z.object({ asOf: z.string(), items: z.array(z.object({ householdId: z.string(), code: z.string(), headName: z.string().nullable(), villageName: z.string().nullable(), residenceType: z.enum(AREA_TYPES), class: z.enum(HOUSEHOLD_CLASSES).nullable() })) }), 'The register'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await listCommuneRegister(dbOf(c), requestContext(c), q.communeUnitId, q.asOf))
    },
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/households/{id}/classes', tags, summary: 'A household\'s class history and whether it is newly escaped from poverty',
      request: { params: HouseholdIdParam, query: z.object({ asOf: IsoDate.optional() }) },
      responses: ok200(z.record(z.string(), z.unknown()), 'Class history'),
    }),
    async (c) => send(c, await getClassHistory(dbOf(c), requestContext(c), BigInt(c.req.valid('param').id), c.req.valid('query').asOf)),
  )
  app.openapi(
    createRoute({
      method: 'get', path: '/newly-escaped', tags, summary: 'Households that left the poor/near-poor lists within 3 years of a date',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: ok200(z.record(z.string(), z.unknown()), 'Newly escaped households'),
    }),
    async (c) => send(c, await listNewlyEscaped(dbOf(c), requestContext(c), c.req.valid('query').asOf)),
  )

  // ---- rates ----
  app.openapi(
    createRoute({
      method: 'get', path: '/rates', tags, summary: 'Poverty rate (poor ÷ active households on 31/12) by unit and year',
      request: {
        query: z.object({
          layer: z.enum(['current', 'historical']).default('current'),
          fromYear: z.coerce.number().int().min(2000).max(2100),
          toYear: z.coerce.number().int().min(2000).max(2100),
          kind: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional().openapi({ description: 'current layer: unit kinds, comma-separated', example: 'commune,village' }),
        }),
      },
      responses: ok200(z.object({ layer: z.string(), fromYear: z.number(), toYear: z.number(), rows: z.array(RateRowSchema), unresolved: z.array(z.object({ year: z.number(), households: z.number() })) }), 'Rates'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await povertyRates(dbOf(c), requestContext(c), { layer: q.layer, fromYear: q.fromYear, toYear: q.toYear, kinds: q.kind?.split(',') }))
    },
  )
  return app
}
