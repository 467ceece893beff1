import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { assignOldCommune, historicalCoverage, listOldToNewAssignments } from '../../app/places/crosswalk.js'
import { importPlacesFile } from '../../app/places/import.js'
import { getPlace, listPlaceImportRuns, listPlaceProvinces, listPlaces } from '../../app/places/lookup.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json, pageQuery } from '../schemas.js'

const LayerSchema = z.enum(['current', 'historical']).openapi('PlaceLayer')
const LevelSchema = z.enum(['province', 'district', 'commune']).openapi('PlaceLevel')
const ProvinceCode = z.string().regex(/^[0-9]{2}$/, 'two digits')
const DistrictCode = z.string().regex(/^[0-9]{3}$/, 'three digits')
const CommuneCode = z.string().regex(/^[0-9]{5}$/, 'five digits')
const Search = z.string().trim().max(100).optional().openapi({ description: 'A code prefix, or words of the name with or without diacritics' })

export const PlaceSchema = z
  .object({
    layer: LayerSchema, level: LevelSchema, code: z.string(), name: z.string(), fullName: z.string(), unitType: z.string(),
    areaType: z.enum(['urban', 'rural']).nullable(), parentCode: z.string().nullable(), provinceCode: z.string(),
    validFrom: z.string().nullable(), validTo: z.string().nullable(),
  })
  .openapi('Place')

const LinkedPlaceSchema = z
  .object({ level: z.string(), code: z.string(), kind: z.enum(['full', 'partial']), fullName: z.string().nullable(), unitType: z.string().nullable(), parentCode: z.string().nullable(), parentName: z.string().nullable() })
  .openapi('LinkedPlace')

const PlaceDetailSchema = z
  .object({
    place: PlaceSchema, province: PlaceSchema.nullable(), district: PlaceSchema.nullable(),
    predecessors: z.array(LinkedPlaceSchema), successors: z.array(LinkedPlaceSchema),
    districtSuccessors: z.array(z.object({
      code: z.string(), fullName: z.string().nullable(), unitType: z.string().nullable(), kind: z.enum(['full', 'partial']), sharedWithOtherDistricts: z.boolean(),
      from: z.array(z.object({ level: z.string(), code: z.string(), fullName: z.string().nullable(), kind: z.enum(['full', 'partial']) })),
    })),
    scopeResolution: z.object({ resolution: z.string(), historicalCommuneCode: z.string().nullable(), historicalDistrictCode: z.string().nullable() }).nullable(),
    successorResolution: z.object({ resolution: z.string(), newCode: z.string().nullable() }).nullable(),
  })
  .openapi('PlaceDetail')

const CoverageUnitSchema = z.object({
  unitId: z.number(), kind: z.enum(['commune', 'village']), code: z.string(), name: z.string(), communeUnitId: z.number(), currentCommuneCode: z.string().nullable(),
  resolution: z.enum(['village_assignment', 'single_predecessor', 'same_district', 'unresolved']),
  historicalCommuneCode: z.string().nullable(), historicalDistrictCode: z.string().nullable(),
})

const CoverageSchema = z
  .object({
    place: PlaceSchema,
    currentCommunes: z.array(z.object({ code: z.string(), fullName: z.string().nullable(), served: z.boolean() })),
    covered: z.array(CoverageUnitSchema), unresolved: z.array(CoverageUnitSchema), elsewhereCount: z.number(),
  })
  .openapi('HistoricalCoverage')

const LevelReportSchema = z.object({
  records: z.number(), added: z.number(), changed: z.number(), unchanged: z.number(), removed: z.number(),
  changes: z.array(z.object({ code: z.string(), fields: z.array(z.string()) })), removedCodes: z.array(z.string()),
})

const ImportReportSchema = z
  .object({
    runId: z.number(), source: z.string(), fileName: z.string(), sha256: z.string(), layer: LayerSchema.nullable(), records: z.number(),
    levels: z.record(z.string(), LevelReportSchema),
    totals: z.object({ added: z.number(), changed: z.number(), unchanged: z.number(), removed: z.number() }),
    warnings: z.array(z.object({ code: z.string(), count: z.number(), sample: z.array(z.unknown()) })),
  })
  .openapi('PlacesImportReport')

const AssignmentSchema = z
  .object({
    oldCode: z.string(), oldName: z.string().nullable(), oldDistrictCode: z.string().nullable(), oldDistrictName: z.string().nullable(),
    newCode: z.string(), newName: z.string().nullable(), note: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string(),
  })
  .openapi('OldToNewAssignment')

const AssignBody = z
  .object({ oldCode: CommuneCode, newCode: CommuneCode, note: z.string().trim().max(500).nullable().optional() })
  .openapi('AssignOldCommune')

const UploadBody = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary', description: '.json, .xlsx or .csv, optionally gzip-compressed (.gz)' }),
})

export function placeRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'get', path: '/provinces', tags: ['places'], summary: 'Provinces of a layer, with their district and commune counts',
      request: { query: z.object({ layer: LayerSchema.default('current'), q: Search }) },
      responses: { 200: json(z.object({ items: z.array(PlaceSchema.extend({ districtCount: z.number(), communeCount: z.number() })) }), 'Provinces'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listPlaceProvinces(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/districts', tags: ['places'], summary: 'Districts of the historical layer (until 30/06/2025)',
      request: { query: z.object({ province: ProvinceCode.optional(), q: Search, ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(PlaceSchema), total: z.number() }), 'A page of districts'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await listPlaces(dbOf(c), requestContext(c), { layer: 'historical', level: 'district', provinceCode: q.province, q: q.q, limit: q.limit, offset: q.offset }))
    },
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/communes', tags: ['places'], summary: 'Communes of a layer, by province or district, searched by code or name',
      request: { query: z.object({ layer: LayerSchema.default('current'), province: ProvinceCode.optional(), district: DistrictCode.optional(), q: Search, ...pageQuery }) },
      responses: { 200: json(z.object({ items: z.array(PlaceSchema.extend({ parentName: z.string().nullable(), provinceName: z.string().nullable() })), total: z.number() }), 'A page of communes'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return send(c, await listPlaces(dbOf(c), requestContext(c), { layer: q.layer, level: 'commune', provinceCode: q.province, districtCode: q.district, q: q.q, limit: q.limit, offset: q.offset }))
    },
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/units/{layer}/{level}/{code}', tags: ['places'], summary: 'One unit with its predecessors (current) or successors (historical), full or partial',
      request: { params: z.object({ layer: LayerSchema, level: LevelSchema, code: z.string().regex(/^[0-9]{2,5}$/) }) },
      responses: { 200: json(PlaceDetailSchema, 'The unit and its links'), ...errorResponses },
    }),
    async (c) => send(c, await getPlace(dbOf(c), requestContext(c), c.req.valid('param'))),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/historical/{level}/{code}/coverage', tags: ['places'],
      summary: 'For an old district or commune: the scope units in your scope its figures come from, and the unresolved ones',
      request: { params: z.object({ level: z.enum(['district', 'commune']), code: z.string().regex(/^[0-9]{3}$|^[0-9]{5}$/) }) },
      responses: { 200: json(CoverageSchema, 'Coverage'), ...errorResponses },
    }),
    async (c) => send(c, await historicalCoverage(dbOf(c), requestContext(c), c.req.valid('param'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/imports', tags: ['places'],
      summary: 'Import a places file (units of either layer, the crosswalk, or a GSO spreadsheet); the kind is read from the content',
      description: 'Multipart field `file`. Files above the API body limit (1 MB) must be sent gzip-compressed; `tdcs places import` has no limit.',
      request: { body: { content: { 'multipart/form-data': { schema: UploadBody } }, required: true } },
      responses: { 201: json(ImportReportSchema, 'The import report'), ...errorResponses },
    }),
    async (c) => {
      const file = c.req.valid('form').file as unknown
      if (!(file instanceof Blob)) throw new RuleViolation('validation_failed', { issues: [{ path: 'file', message: 'a file is required', code: 'custom' }] })
      const fileName = file instanceof File && file.name ? file.name : 'upload'
      return send(c, await importPlacesFile(dbOf(c), requestContext(c), { fileName, bytes: new Uint8Array(await file.arrayBuffer()) }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/imports', tags: ['places'], summary: 'Import runs, newest first',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(z.object({ id: z.number(), at: z.string(), source: z.string(), fileName: z.string(), sha256: z.string(), added: z.number(), changed: z.number(), unchanged: z.number(), report: z.unknown() })) }), 'Runs'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listPlaceImportRuns(dbOf(c), requestContext(c), c.req.valid('query').limit) }),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/assignments', tags: ['places'], summary: 'Decisions on which current commune a split old commune\'s history counts under',
      request: { query: z.object({ province: ProvinceCode.optional() }) },
      responses: { 200: json(z.object({ items: z.array(AssignmentSchema) }), 'Assignments'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listOldToNewAssignments(dbOf(c), requestContext(c), { provinceCode: c.req.valid('query').province }) }),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/assignments', tags: ['places'], summary: 'Record (or change) the current commune a split old commune\'s history counts under',
      request: { body: { content: { 'application/json': { schema: AssignBody } }, required: true } },
      responses: { 200: json(AssignmentSchema, 'The assignment'), ...errorResponses },
    }),
    async (c) => send(c, await assignOldCommune(dbOf(c), requestContext(c), c.req.valid('json'))),
  )

  return app
}
