import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { addFeeTerms, createContract, getContract, listContracts, terminateContract } from '../../app/groups/contracts.js'
import { computeGrades, listGroupGrades } from '../../app/groups/grades.js'
import { changeGroupStatus, createGroup, getGroup, listGroups, updateGroup } from '../../app/groups/groups.js'
import { addMember, leaveGroup, moveMember } from '../../app/groups/members.js'
import { assignOfficer, endOfficer } from '../../app/groups/officers.js'
import { createOrganisationUnit, getOrganisationUnit, listOrganisationUnits } from '../../app/groups/organisations.js'
import { addNetworkRules, listNetworkRules } from '../../app/groups/rules.js'
import { GRADES, GROUP_OFFICER_ROLES, GROUP_STATUSES, LEAVE_REASONS, ORGANISATION_LEVELS } from '../../domain/network/index.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, IdParam, json, OrganisationSchema, pageQuery } from '../schemas.js'

// Groups, memberships and persons are bigint ids: they cross JSON as decimal strings, like money.
const BigIdString = z.string().regex(/^[1-9][0-9]{0,17}$/, 'a positive integer id')
const BigIdInput = z.union([BigIdString, z.number().int().positive()]).transform((v) => BigInt(v)).openapi({ type: 'string', example: '42' })
const GroupIdParam = z.object({ id: BigIdString.openapi({ param: { name: 'id', in: 'path' }, example: '12' }) })
const MemberParams = GroupIdParam.extend({ householdId: BigIdString.openapi({ param: { name: 'householdId', in: 'path' }, example: '42' }) })
const OfficerParams = GroupIdParam.extend({ officerId: BigIdString.openapi({ param: { name: 'officerId', in: 'path' }, example: '3' }) })
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').openapi({ format: 'date', example: '2026-05-15' })
const Note = z.string().max(1000).nullable().optional()
const LevelSchema = z.enum(ORGANISATION_LEVELS).openapi('OrganisationLevel')
const GradeSchema = z.enum(GRADES).openapi('GroupGrade')
const GroupStatusSchema = z.enum(GROUP_STATUSES).openapi('GroupStatus')
const Period = z.string().max(10).openapi({ description: 'YYYY-MM', example: '2026-05' })
const bigId = (s: string) => BigInt(s)
const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ body: { content: { 'application/json': { schema } }, required } })

// ---- shapes ----

const OrganisationUnitSchema = z
  .object({
    id: z.number(), organisation: OrganisationSchema, level: LevelSchema, bankUnitId: z.number(), bankUnitName: z.string(), bankUnitKind: z.string(),
    parentId: z.number().nullable(), parentName: z.string().nullable(), name: z.string(), provinceCode: z.string().nullable(), status: z.enum(['active', 'dissolved']),
    dissolvedOn: z.string().nullable(), groupCount: z.number(), createdAt: z.string(),
  })
  .openapi('OrganisationUnit')

const FeeTermsJsonSchema = z
  .object({
    feeOnOutstandingMonthlyMicros: z.string().optional(), feeOnInterestCollectedMicros: z.string().optional(), commissionOnInterestCollectedMicros: z.string().optional(),
    qualityReductions: z.array(z.object({ factor: z.string(), thresholdMicros: z.string(), payShareMicros: z.string() })).optional(),
  })
  .passthrough()
  .openapi('FeeTermsJson', { description: 'Rates in millionths as integer strings: 450 = 0,045 %. Checked by the domain (entrustment_fee_terms_invalid names the field).' })

const ContractSchema = z
  .object({
    id: z.number(), number: z.string(), bankUnitId: z.number(), bankUnitName: z.string(), organisationUnitId: z.number(), organisationUnitName: z.string(),
    organisation: OrganisationSchema, organisationLevel: LevelSchema, signedOn: z.string(), validFrom: z.string(), validTo: z.string().nullable(),
    communeUnitIds: z.array(z.number()), programCodes: z.array(z.string()), status: z.enum(['active', 'terminated']), terminatedOn: z.string().nullable(),
    terminationReason: z.string().nullable(), note: z.string().nullable(),
    feeTerms: z.array(z.object({ id: z.number(), validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), note: z.string().nullable(), termsJson: FeeTermsJsonSchema })),
    createdAt: z.string(),
  })
  .openapi('EntrustmentContract')

const GroupSummaryFields = {
  id: z.string(), code: z.string(), name: z.string(), provinceCode: z.string(), communeUnitId: z.number(), communeName: z.string(), villageUnitId: z.number().nullable(),
  villageName: z.string().nullable(), transactionPointId: z.number(), pointCode: z.string(), pointSiteName: z.string(), pointMonthlyDay: z.number(),
  organisationUnitId: z.number(), organisationUnitName: z.string(), organisation: OrganisationSchema, foundingDecisionNumber: z.string(), foundingDecisionDate: z.string(),
  status: GroupStatusSchema, statusChangedOn: z.string().nullable(), statusReason: z.string().nullable(), memberCount: z.number(), leaderName: z.string().nullable(),
  latestGrade: z.object({ period: z.string(), grade: GradeSchema.nullable(), score: z.number().nullable() }).nullable(), createdAt: z.string(),
}
const GroupSummarySchema = z.object(GroupSummaryFields).openapi('SavingsGroupSummary')
const GradeViewSchema = z
  .object({ period: z.string(), runId: z.string(), score: z.number().nullable(), grade: GradeSchema.nullable(), factors: z.unknown(), rulesId: z.number(), source: z.enum(['snapshot', 'current']), computedAt: z.string() })
  .openapi('GroupGrade')
const GroupRef = z.object({ id: z.string(), code: z.string().nullable() }).nullable()
const GroupDetailSchema = z
  .object({
    ...GroupSummaryFields,
    members: z.array(z.object({
      id: z.string(), householdId: z.string(), householdCode: z.string(), headName: z.string().nullable(), joinedOn: z.string(), leftOn: z.string().nullable(),
      leaveReason: z.enum(LEAVE_REASONS).nullable(), movedFrom: GroupRef, movedTo: GroupRef, note: z.string().nullable(),
    })),
    officers: z.array(z.object({
      id: z.string(), role: z.enum(GROUP_OFFICER_ROLES), personId: z.string(), personName: z.string(), citizenId: z.string().nullable(), householdId: z.string(),
      householdCode: z.string(), fromDate: z.string(), toDate: z.string().nullable(), note: z.string().nullable(),
    })),
    grades: z.array(GradeViewSchema),
  })
  .openapi('SavingsGroupDetail')
const WarningSchema = z.object({ code: z.string(), message: z.object({ vi: z.string(), en: z.string() }), details: z.unknown() }).openapi('RuleWarning')
const MembershipOutcomeSchema = z.object({ group: GroupDetailSchema, warnings: z.array(WarningSchema) }).openapi('MembershipOutcome')

const RulesViewSchema = z
  .object({ id: z.number(), provinceCode: z.string().nullable(), validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), note: z.string().nullable(), rulesJson: z.unknown() })
  .openapi('NetworkRulesVersion')

// The rules and fee terms are checked by the domain, which names the field at fault.
const rulesView = <T extends { rules: unknown }>(v: T) => {
  const { rules: _parsed, ...rest } = v
  return rest
}
const contractView = <T extends { feeTerms: readonly { terms: unknown }[] }>(c: T) => ({ ...c, feeTerms: c.feeTerms.map(({ terms: _parsed, ...rest }) => rest) })

// ---- organisation units ----

export function organisationUnitRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['network groups']
  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, summary: 'Units of the entrusted organisations (Hội LHPN, Hội ND, Hội CCB, Đoàn TN) attached to bank units in your scope',
      request: { query: z.object({ organisation: OrganisationSchema.optional(), level: LevelSchema.optional(), bankUnitId: z.coerce.number().int().positive().optional(), status: z.enum(['active', 'dissolved']).optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }) },
      responses: { 200: json(z.object({ items: z.array(OrganisationUnitSchema) }), 'Organisation units'), ...errorResponses },
    }),
    async (c) => send(c, { items: await listOrganisationUnits(dbOf(c), requestContext(c), c.req.valid('query')) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, summary: 'Register an organisation unit opposite a bank unit of its level (province → branch, former district → office, commune → commune)',
      request: jsonBody(z.object({ organisation: OrganisationSchema, level: LevelSchema, bankUnitId: z.number().int().positive(), parentId: z.number().int().positive().nullable().optional(), name: z.string().trim().min(1).max(200) }).openapi('CreateOrganisationUnit')),
      responses: { 201: json(OrganisationUnitSchema, 'Created'), ...errorResponses },
    }),
    async (c) => send(c, await createOrganisationUnit(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags, summary: 'One organisation unit', request: { params: IdParam }, responses: { 200: json(OrganisationUnitSchema, 'The unit'), ...errorResponses } }),
    async (c) => send(c, await getOrganisationUnit(dbOf(c), requestContext(c), c.req.valid('param').id)),
  )
  return app
}

// ---- entrustment contracts ----

const FeeTermsBody = z.object({ legalBasis: z.string().trim().min(1).max(500), note: Note, terms: z.unknown() })

export function entrustmentContractRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['network groups']
  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, summary: 'Entrustment contracts seen from your scope (the bank side or the organisation side)',
      request: { query: z.object({ organisationUnitId: z.coerce.number().int().positive().optional(), bankUnitId: z.coerce.number().int().positive().optional(), organisation: OrganisationSchema.optional(), status: z.enum(['active', 'terminated']).optional(), limit: z.coerce.number().int().min(1).max(2000).default(500) }) },
      responses: { 200: json(z.object({ items: z.array(ContractSchema) }), 'Contracts'), ...errorResponses },
    }),
    async (c) => send(c, { items: (await listContracts(dbOf(c), requestContext(c), c.req.valid('query'))).map(contractView) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, summary: 'Record an entrustment contract with its first fee terms',
      request: jsonBody(z.object({
        number: z.string().trim().min(1).max(60), bankUnitId: z.number().int().positive(), organisationUnitId: z.number().int().positive(),
        signedOn: IsoDate, validFrom: IsoDate, validTo: IsoDate.nullable().optional(),
        communeUnitIds: z.array(z.number().int().positive()).max(500).optional().openapi({ description: 'Communes covered; empty or absent: every commune of the bank unit' }),
        programCodes: z.array(z.string().max(40)).max(50).optional().openapi({ description: 'Programs covered; empty or absent: every program' }),
        note: Note, feeTerms: FeeTermsBody,
      }).openapi('CreateEntrustmentContract')),
      responses: { 201: json(ContractSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      return send(c, contractView(await createContract(dbOf(c), requestContext(c), c.req.valid('json'))), 201)
    },
  )
  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags, summary: 'One contract with its fee terms history', request: { params: IdParam }, responses: { 200: json(ContractSchema, 'The contract'), ...errorResponses } }),
    async (c) => send(c, contractView(await getContract(dbOf(c), requestContext(c), c.req.valid('param').id))),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/fee-terms', tags, summary: 'Add fee terms from a date (an amendment); the previous version ends the day before',
      request: { params: IdParam, ...jsonBody(FeeTermsBody.extend({ validFrom: IsoDate }).openapi('AddFeeTerms')) },
      responses: { 201: json(ContractSchema, 'The contract'), ...errorResponses },
    }),
    async (c) => {
      return send(c, contractView(await addFeeTerms(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json'))), 201)
    },
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/terminate', tags, summary: 'End a contract on a date, with the reason',
      request: { params: IdParam, ...jsonBody(z.object({ on: IsoDate.nullable().optional(), reason: z.string().trim().min(1).max(1000) }).openapi('TerminateContract')) },
      responses: { 200: json(ContractSchema, 'The contract'), ...errorResponses },
    }),
    async (c) => send(c, contractView(await terminateContract(dbOf(c), requestContext(c), c.req.valid('param').id, c.req.valid('json')))),
  )
  return app
}

// ---- savings groups ----

export function groupRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['network groups']

  app.openapi(
    createRoute({
      method: 'post', path: '/grades/compute', tags, summary: 'Grade every group of a unit (default yours) for a month; a new run, earlier runs stay',
      request: jsonBody(z.object({ period: Period, unitId: z.number().int().positive().optional() }).openapi('ComputeGrades')),
      responses: {
        201: json(z.object({ runId: z.string(), period: z.string(), source: z.enum(['snapshot', 'current']), groups: z.number(), byGrade: z.record(z.string(), z.number()), ungraded: z.number(), rulesIds: z.array(z.number()) }).openapi('GradeRunReport'), 'The run'),
        ...errorResponses,
      },
    }),
    async (c) => send(c, await computeGrades(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, summary: 'Savings-and-loan groups in your scope, with their latest grade',
      request: {
        query: z.object({
          communeUnitId: z.coerce.number().int().positive().optional(), transactionPointId: z.coerce.number().int().positive().optional(),
          organisationUnitId: z.coerce.number().int().positive().optional(), organisation: OrganisationSchema.optional(),
          grade: z.enum([...GRADES, 'ungraded']).optional(), status: GroupStatusSchema.optional(), q: z.string().max(200).optional(), ...pageQuery,
        }),
      },
      responses: { 200: json(z.object({ items: z.array(GroupSummarySchema), total: z.number() }), 'A page of groups'), ...errorResponses },
    }),
    async (c) => send(c, await listGroups(dbOf(c), requestContext(c), c.req.valid('query'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, summary: 'Found a group on the commune People\'s Committee\'s decision',
      request: jsonBody(z.object({
        communeUnitId: z.number().int().positive(), code: z.string().trim().max(30).regex(/^[A-Za-z0-9._-]*$/).nullable().optional(), name: z.string().trim().min(1).max(200),
        villageUnitId: z.number().int().positive().nullable().optional(), transactionPointId: z.number().int().positive(), organisationUnitId: z.number().int().positive(),
        foundingDecisionNumber: z.string().trim().min(1).max(60), foundingDecisionDate: IsoDate,
      }).openapi('CreateSavingsGroup')),
      responses: { 201: json(GroupDetailSchema, 'Founded'), ...errorResponses },
    }),
    async (c) => send(c, await createGroup(dbOf(c), requestContext(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({ method: 'get', path: '/{id}', tags, summary: 'One group: members (history), officers (history), grades', request: { params: GroupIdParam }, responses: { 200: json(GroupDetailSchema, 'The group'), ...errorResponses } }),
    async (c) => send(c, await getGroup(dbOf(c), requestContext(c), bigId(c.req.valid('param').id))),
  )

  app.openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags, summary: 'Rename a group or change its village or transaction point',
      request: { params: GroupIdParam, ...jsonBody(z.object({ name: z.string().trim().min(1).max(200).optional(), villageUnitId: z.number().int().positive().nullable().optional(), transactionPointId: z.number().int().positive().optional() }).openapi('UpdateSavingsGroup')) },
      responses: { 200: json(GroupDetailSchema, 'The group'), ...errorResponses },
    }),
    async (c) => send(c, await updateGroup(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/status', tags, summary: 'Suspend, reactivate or dissolve a group (dissolving needs it empty)',
      request: { params: GroupIdParam, ...jsonBody(z.object({ status: GroupStatusSchema, on: IsoDate.nullable().optional(), reason: z.string().trim().min(1).max(1000) }).openapi('ChangeGroupStatus')) },
      responses: { 200: json(GroupDetailSchema, 'The group'), ...errorResponses },
    }),
    async (c) => send(c, await changeGroupStatus(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({ method: 'get', path: '/{id}/members', tags, summary: 'The group\'s membership history, current members first', request: { params: GroupIdParam }, responses: { 200: json(z.object({ items: GroupDetailSchema.shape.members }), 'Memberships'), ...errorResponses } }),
    async (c) => send(c, { items: (await getGroup(dbOf(c), requestContext(c), bigId(c.req.valid('param').id))).members }),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members', tags, summary: 'Add a household (of the group\'s commune, in no other group)',
      request: { params: GroupIdParam, ...jsonBody(z.object({ householdId: BigIdInput, joinedOn: IsoDate.nullable().optional(), note: Note }).openapi('AddGroupMember')) },
      responses: { 201: json(MembershipOutcomeSchema, 'The group and any warnings'), ...errorResponses },
    }),
    async (c) => send(c, await addMember(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members/{householdId}/move', tags, summary: 'Move a member household to another group of its commune',
      request: { params: MemberParams, ...jsonBody(z.object({ toGroupId: BigIdInput, on: IsoDate.nullable().optional(), note: Note }).openapi('MoveGroupMember')) },
      responses: { 200: json(MembershipOutcomeSchema.extend({ target: GroupSummarySchema }), 'The source group, the target and any warnings'), ...errorResponses },
    }),
    async (c) => {
      const { id, householdId } = c.req.valid('param')
      return send(c, await moveMember(dbOf(c), requestContext(c), bigId(id), bigId(householdId), c.req.valid('json')))
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/members/{householdId}/leave', tags, summary: 'A member household leaves the group (its history stays)',
      request: { params: MemberParams, ...jsonBody(z.object({ on: IsoDate.nullable().optional(), reason: z.enum(['left', 'household_ended']).optional(), note: Note }).openapi('LeaveGroup'), false) },
      responses: { 200: json(MembershipOutcomeSchema, 'The group and any warnings'), ...errorResponses },
    }),
    async (c) => {
      const { id, householdId } = c.req.valid('param')
      return send(c, await leaveGroup(dbOf(c), requestContext(c), bigId(id), bigId(householdId), c.req.valid('json') ?? {}))
    },
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/officers', tags, summary: 'Appoint the leader or deputy (a member of a household in the group) from a date',
      request: { params: GroupIdParam, ...jsonBody(z.object({ role: z.enum(GROUP_OFFICER_ROLES), personId: BigIdInput, from: IsoDate.nullable().optional(), note: Note }).openapi('AssignGroupOfficer')) },
      responses: { 200: json(GroupDetailSchema, 'The group'), ...errorResponses },
    }),
    async (c) => send(c, await assignOfficer(dbOf(c), requestContext(c), bigId(c.req.valid('param').id), c.req.valid('json'))),
  )

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/officers/{officerId}/end', tags, summary: 'End a leader\'s or deputy\'s term without a successor yet',
      request: { params: OfficerParams, ...jsonBody(z.object({ on: IsoDate.nullable().optional() }).openapi('EndGroupOfficer'), false) },
      responses: { 200: json(GroupDetailSchema, 'The group'), ...errorResponses },
    }),
    async (c) => {
      const { id, officerId } = c.req.valid('param')
      return send(c, await endOfficer(dbOf(c), requestContext(c), bigId(id), bigId(officerId), c.req.valid('json') ?? {}))
    },
  )

  app.openapi(
    createRoute({ method: 'get', path: '/{id}/grades', tags, summary: 'The group\'s monthly grades, newest first, with the factors used', request: { params: GroupIdParam }, responses: { 200: json(z.object({ items: z.array(GradeViewSchema) }), 'Grades'), ...errorResponses } }),
    async (c) => send(c, { items: await listGroupGrades(dbOf(c), requestContext(c), bigId(c.req.valid('param').id)) }),
  )
  return app
}

// ---- savings-group rules ----

export function networkRulesRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  const tags = ['network groups']
  app.openapi(
    createRoute({ method: 'get', path: '/', tags, summary: 'Every version of the savings-group rules (size limits, grading bands), national and provincial', responses: { 200: json(z.object({ items: z.array(RulesViewSchema) }), 'Versions'), ...errorResponses } }),
    async (c) => send(c, { items: (await listNetworkRules(dbOf(c), requestContext(c))).map(rulesView) }),
  )
  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, summary: 'Add a version of the rules from a date, with its legal basis (the previous one ends the day before)',
      request: jsonBody(z.object({ provinceCode: z.string().regex(/^[0-9]{2}$/).nullable().optional(), validFrom: IsoDate, legalBasis: z.string().trim().min(1).max(500), note: Note, rules: z.unknown() }).openapi('AddNetworkRules')),
      responses: { 201: json(RulesViewSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      return send(c, rulesView(await addNetworkRules(dbOf(c), requestContext(c), c.req.valid('json'))), 201)
    },
  )
  return app
}
