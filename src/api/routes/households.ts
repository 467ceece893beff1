import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  addMember,
  changeHead,
  dissolveHousehold,
  mergeHouseholds,
  moveMember,
  removeMember,
  splitHousehold,
  updateHousehold,
  updateMember,
} from '../../app/households/changes.js'
import { importHouseholds } from '../../app/households/import.js'
import { importTemplate, TEMPLATE_FILE_NAME, XLSX_MIME } from '../../app/households/import-template.js'
import { getHousehold, listHouseholds } from '../../app/households/queries.js'
import { createHousehold } from '../../app/households/register.js'
import { HOUSEHOLD_STATUSES, RELATIONS } from '../../domain/households/index.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json, pageQuery } from '../schemas.js'

// Household and person ids are bigint: they cross JSON as decimal strings, like money.
const BigIdString = z.string().regex(/^[1-9][0-9]{0,17}$/, 'a positive integer id')
const BigIdInput = z.union([BigIdString, z.number().int().positive()]).transform((v) => BigInt(v)).openapi({ type: 'string', example: '42' })
const HouseholdIdParam = z.object({ id: BigIdString.openapi({ param: { name: 'id', in: 'path' }, example: '42' }) })
const MemberParams = HouseholdIdParam.extend({ personId: BigIdString.openapi({ param: { name: 'personId', in: 'path' }, example: '7' }) })

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').openapi({ format: 'date', example: '2026-01-15' })
const RelationSchema = z.enum(RELATIONS).openapi('Relation')
const SexSchema = z.enum(['male', 'female']).openapi('Sex')
const StatusSchema = z.enum(HOUSEHOLD_STATUSES).openapi('HouseholdStatus')
const Note = z.string().max(1000).nullable().optional()

const PersonBody = z.object({
  fullName: z.string().max(400),
  birthDate: IsoDate.nullable().optional(),
  sex: SexSchema.nullable().optional(),
  ethnicity: z.string().max(200).nullable().optional(),
  citizenId: z.string().max(40).nullable().optional().openapi({ description: 'Số CCCD: 12 digits', example: '020085001234' }),
  phone: z.string().max(40).nullable().optional(),
  healthInsured: z.boolean().nullable().optional(),
  inSchool: z.boolean().nullable().optional(),
})
const MemberBody = PersonBody.extend({ relation: RelationSchema }).openapi('NewMember')

const CreateHouseholdBody = z
  .object({
    communeUnitId: z.number().int().positive(),
    villageUnitId: z.number().int().positive().nullable().optional(),
    code: z.string().max(100).nullable().optional().openapi({ description: 'Mã hộ; assigned when absent' }),
    address: z.string().max(2000).nullable().optional(),
    formedOn: IsoDate.nullable().optional(),
    members: z.array(MemberBody).max(60),
  })
  .openapi('CreateHousehold')

const UpdateHouseholdBody = z
  .object({ address: z.string().max(2000).nullable().optional(), villageUnitId: z.number().int().positive().nullable().optional(), note: Note })
  .openapi('UpdateHousehold')

const MemberView = z.object({
  personId: z.string(),
  fullName: z.string(),
  relation: RelationSchema,
  citizenId: z.string().nullable(),
  birthDate: z.string().nullable(),
  ageYears: z.number().int().nullable(),
  sex: SexSchema.nullable(),
  ethnicity: z.string().nullable(),
  phone: z.string().nullable(),
  healthInsured: z.boolean().nullable(),
  inSchool: z.boolean().nullable(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
}).openapi('HouseholdMember')

const SummaryFields = {
  id: z.string(),
  code: z.string(),
  status: StatusSchema,
  communeUnitId: z.number().int(),
  communeName: z.string(),
  communeCode: z.string().nullable(),
  villageUnitId: z.number().int().nullable(),
  villageName: z.string().nullable(),
  address: z.string().nullable(),
  residenceType: z.enum(['rural', 'urban']),
  formedOn: z.string(),
  endedOn: z.string().nullable(),
  headPersonId: z.string().nullable(),
  headName: z.string().nullable(),
  headCitizenId: z.string().nullable(),
}
const HouseholdSummary = z.object(SummaryFields).openapi('HouseholdSummary')
const HouseholdListItem = z.object({ ...SummaryFields, memberCount: z.number().int() }).openapi('HouseholdListItem')
const HouseholdRef = z.object({ id: z.string(), code: z.string().nullable() })
const HouseholdDetail = z
  .object({
    ...SummaryFields,
    provinceCode: z.string(),
    members: z.array(MemberView),
    formerMembers: z.array(MemberView),
    classHistory: z.array(z.object({ class: z.string(), effectiveFrom: z.string(), decisionNumber: z.string(), decisionDate: z.string(), standardCode: z.string().nullable(), reviewId: z.number().nullable() })),
    assessments: z.array(z.object({ id: z.string(), reviewId: z.number(), surveyedOn: z.string(), areaType: z.string(), incomePerPersonMonthDong: z.string(), deprivationCount: z.number(), resultClass: z.string(), standardCode: z.string().nullable() })),
    events: z.array(z.object({
      id: z.string(), kind: z.string(), onDate: z.string(), sources: z.array(HouseholdRef), targets: z.array(HouseholdRef),
      persons: z.array(z.object({ id: z.string(), fullName: z.string().nullable() })), note: z.string().nullable(), createdByName: z.string().nullable(), createdAt: z.string(),
    })),
  })
  .openapi('HouseholdDetail')

const ImportSummary = z
  .object({
    fileName: z.string(), format: z.enum(['xlsx', 'csv']), rows: z.number().int(), households: z.number().int(), members: z.number().int(),
    communes: z.array(z.object({ unitId: z.number().int(), name: z.string(), households: z.number().int() })),
  })
  .openapi('HouseholdImportSummary')

const ImportForm = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary', description: '.xlsx or .csv, one row per member (see the template)' }),
    communeUnitId: z.string().regex(/^[1-9][0-9]{0,9}$/).optional().openapi({ description: 'Put every row in this commune unit' }),
  })
  .openapi('HouseholdImportForm')

const PlacementBody = z.object({ personId: BigIdInput, relation: RelationSchema })

const bigId = (s: string) => BigInt(s)
const tags = ['households']

export function householdRoutes() {
  const app = new OpenAPIHono<ApiEnv>()

  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, summary: 'Households in your scope: search by name (diacritics optional), code or citizen id',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          citizenId: z.string().regex(/^[0-9]{12}$/).optional(),
          communeUnitId: z.coerce.number().int().positive().optional(),
          villageUnitId: z.coerce.number().int().positive().optional(),
          status: StatusSchema.optional(),
          ...pageQuery,
        }),
      },
      responses: { 200: json(z.object({ items: z.array(HouseholdListItem), total: z.number() }), 'A page of households'), ...errorResponses },
    }),
    async (c) => send(c, await listHouseholds(dbOf(c), requestContext(c), c.req.valid('query'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, summary: 'Register a household with its members',
      request: { body: { content: { 'application/json': { schema: CreateHouseholdBody } }, required: true } },
      responses: { 201: json(HouseholdDetail, 'Registered'), ...errorResponses },
    }),
    async (c) => send(c, await createHousehold(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/import-template.xlsx', tags, summary: 'The spreadsheet template for importing households',
      responses: { 200: { description: 'The template', content: { [XLSX_MIME]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } } }, ...errorResponses },
    }),
    async (c) => {
      const body = await importTemplate(requestContext(c))
      return c.body(new Uint8Array(body), 200, {
        'content-type': XLSX_MIME,
        'content-disposition': `attachment; filename="${TEMPLATE_FILE_NAME}"`,
      }) as never
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/import', tags, summary: 'Import households from .xlsx or .csv, all or nothing (422 import_rejected carries the row-by-row report)',
      request: { body: { content: { 'multipart/form-data': { schema: ImportForm } }, required: true } },
      responses: { 201: json(ImportSummary, 'Imported'), ...errorResponses },
    }),
    async (c) => {
      const form = c.req.valid('form')
      const file: unknown = form.file
      if (!(file instanceof File)) throw new RuleViolation('validation_failed', { issues: [{ path: 'file', message: 'a file is required', code: 'custom' }] })
      const summary = await importHouseholds(dbOf(c), requestContext(c), {
        fileName: file.name,
        content: new Uint8Array(await file.arrayBuffer()),
        communeUnitId: form.communeUnitId === undefined ? undefined : Number(form.communeUnitId),
      })
      return send(c, summary, 201)
    },
  )

  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags, summary: 'One household: members, class history, assessments, events', request: { params: HouseholdIdParam }, responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses } }),
    async (c) => send(c, await getHousehold(dbOf(c), requestContext(c), bigId(c.req.valid('param').id))),
  )

  app.openapi(
    createRoute({
      method: 'put', path: '/{id}', tags, summary: 'Edit the address or village',
      request: { params: HouseholdIdParam, body: { content: { 'application/json': { schema: UpdateHouseholdBody } }, required: true } },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => send(c, await updateHousehold(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members', tags, summary: 'Add a member',
      request: {
        params: HouseholdIdParam,
        body: { content: { 'application/json': { schema: z.object({ member: MemberBody, joinedOn: IsoDate.nullable().optional(), note: Note }).openapi('AddMember') } }, required: true },
      },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => send(c, await addMember(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'put', path: '/{id}/members/{personId}', tags, summary: "Correct a member's details or relation",
      request: { params: MemberParams, body: { content: { 'application/json': { schema: PersonBody.extend({ relation: RelationSchema.optional() }).openapi('UpdateMember') } }, required: true } },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => {
      const { id, personId } = c.req.valid('param')
      return send(c, await updateMember(dbOf(c), requestContext(c), bigId(id), bigId(personId), c.req.valid('json')))
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members/{personId}/remove', tags, summary: 'A member leaves (death, moving away)',
      request: { params: MemberParams, body: { content: { 'application/json': { schema: z.object({ on: IsoDate.nullable().optional(), note: Note }).openapi('RemoveMember') } }, required: false } },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => {
      const { id, personId } = c.req.valid('param')
      return send(c, await removeMember(dbOf(c), requestContext(c), bigId(id), bigId(personId), c.req.valid('json') ?? {}))
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members/{personId}/move', tags, summary: 'Move a member to another household',
      request: {
        params: MemberParams,
        body: { content: { 'application/json': { schema: z.object({ toHouseholdId: BigIdInput, relation: RelationSchema, on: IsoDate.nullable().optional(), note: Note }).openapi('MoveMember') } }, required: true },
      },
      responses: { 200: json(z.object({ source: HouseholdDetail, target: HouseholdDetail }), 'Both households'), ...errorResponses },
    }),
    async (c) => {
      const { id, personId } = c.req.valid('param')
      return send(c, await moveMember(dbOf(c), requestContext(c), bigId(id), bigId(personId), c.req.valid('json')))
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/head', tags, summary: 'Change the head',
      request: {
        params: HouseholdIdParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({ personId: BigIdInput, formerHeadRelation: RelationSchema, relations: z.array(PlacementBody).max(60).optional(), on: IsoDate.nullable().optional(), note: Note }).openapi('ChangeHead'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => send(c, await changeHead(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/split', tags, summary: 'Split: members leave to form new households, each with a head',
      request: {
        params: HouseholdIdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  newHouseholds: z.array(z.object({
                    code: z.string().max(100).nullable().optional(), villageUnitId: z.number().int().positive().nullable().optional(), address: z.string().max(2000).nullable().optional(),
                    members: z.array(PlacementBody).max(60),
                  })).max(20),
                  remainingHeadPersonId: BigIdInput.nullable().optional(),
                  on: IsoDate.nullable().optional(),
                  note: Note,
                })
                .openapi('SplitHousehold'),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(z.object({ source: HouseholdDetail, formed: z.array(HouseholdSummary) }), 'Split'), ...errorResponses },
    }),
    async (c) => send(c, await splitHousehold(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/merge', tags, summary: 'Merge other households of the commune into this one',
      request: {
        params: HouseholdIdParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({ sourceHouseholdIds: z.array(BigIdInput).min(1).max(20), relations: z.array(PlacementBody).max(120).optional(), on: IsoDate.nullable().optional(), note: Note }).openapi('MergeHouseholds'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(HouseholdDetail, 'The merged household'), ...errorResponses },
    }),
    async (c) => send(c, await mergeHouseholds(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/dissolve', tags, summary: 'Dissolve: every member leaves, the history stays',
      request: { params: HouseholdIdParam, body: { content: { 'application/json': { schema: z.object({ on: IsoDate.nullable().optional(), note: Note }).openapi('DissolveHousehold') } }, required: false } },
      responses: { 200: json(HouseholdDetail, 'The household'), ...errorResponses },
    }),
    async (c) => send(c, await dissolveHousehold(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json') ?? {})),
  )

  return app
}
