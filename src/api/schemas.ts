import { z } from '@hono/zod-openapi'
import { ORGANISATIONS, ROLES, UNIT_KINDS } from '../domain/access/index.js'
import { parseDong, parseIsoDate } from '../domain/shared/index.js'

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'validation_failed' }),
    message: z.object({ vi: z.string(), en: z.string() }),
    details: z.unknown(),
    requestId: z.string().nullable(),
  })
  .openapi('Error')

export const errorResponses = {
  400: { description: 'Bad input (code names the rule)', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not logged in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found or outside your scope', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict', content: { 'application/json': { schema: ErrorSchema } } },
} as const

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647).openapi({ param: { name: 'id', in: 'path' }, example: 7 }) })

export const RoleSchema = z.enum(ROLES).openapi('Role')
export const UnitKindSchema = z.enum(UNIT_KINDS).openapi('UnitKind')
export const OrganisationSchema = z.enum(ORGANISATIONS).openapi('Organisation')

export const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    fullName: z.string(),
    role: RoleSchema,
    unitId: z.number().int(),
    unitName: z.string(),
    unitKind: UnitKindSchema,
    organisation: OrganisationSchema.nullable(),
    status: z.enum(['active', 'disabled', 'locked']),
    locale: z.enum(['vi', 'en']),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastLoginAt: z.string().nullable(),
  })
  .openapi('User')

export const MeSchema = UserSchema.extend({ permissions: z.array(z.string()) }).openapi('Me')

export const UnitSchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    kind: UnitKindSchema,
    code: z.string(),
    name: z.string(),
    path: z.string(),
  })
  .openapi('Unit')

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
}

/** Whole đồng as a string: "1500000" or "1.500.000". Never a JSON number, so no float can creep in. */
export const Money = z.string().max(40).transform((text, ctx) => {
  const parsed = parseDong(text)
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'invalid_money: whole đồng, e.g. "1500000" or "1.500.000"' })
    return z.NEVER
  }
  return parsed.value as bigint
}).openapi({ type: 'string', example: '50000000' })
export const PositiveMoney = Money.refine((v) => v > 0n, 'must be greater than zero')
export const IsoDate = z.string().transform((text, ctx) => {
  const parsed = parseIsoDate(text)
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'invalid_date: YYYY-MM-DD' })
    return z.NEVER
  }
  return parsed.value
}).openapi({ type: 'string', example: '2026-01-15' })
export const BigId = z.string().regex(/^\d{1,18}$/).transform((s) => BigInt(s)).openapi({ type: 'string', example: '42' })
export const IdPath = z.object({ id: z.string().regex(/^\d{1,18}$/).transform((s) => BigInt(s)).openapi({ param: { name: 'id', in: 'path' }, type: 'string' }) })
