import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { ledgerReport } from '../../app/ledger.js'
import { dbOf, requestContext, type ApiEnv } from '../env.js'
import { send } from '../respond.js'
import { errorResponses, json } from '../schemas.js'

const Money = z.string().regex(/^-?\d+$/).openapi({ description: 'Whole đồng as an integer string', example: '1500000' })

const LedgerReportSchema = z
  .object({
    ok: z.boolean(),
    differences: z.array(z.object({ check: z.string(), subject: z.string(), expectedDong: Money, actualDong: Money })),
    trialBalance: z.array(z.object({ code: z.string(), kind: z.string(), type: z.string(), debitDong: Money, creditDong: Money, balanceDong: Money, accounts: z.number() })),
    totals: z.object({ debitDong: Money, creditDong: Money }),
  })
  .openapi('LedgerReport')

export function ledgerRoutes() {
  const app = new OpenAPIHono<ApiEnv>()
  app.openapi(
    createRoute({
      method: 'get', path: '/verify', tags: ['ledger'], summary: 'Trial balance and a full re-derivation of cached balances from postings',
      responses: { 200: json(LedgerReportSchema, 'The report (ok=false lists every difference)'), ...errorResponses },
    }),
    async (c) => send(c, await ledgerReport(dbOf(c), requestContext(c))),
  )
  return app
}
