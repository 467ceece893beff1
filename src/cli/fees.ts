import { randomUUID } from 'node:crypto'
import { toJsonSafe } from '../app/canonical-json.js'
import { listFeeAccruals } from '../app/fees/statements.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { formatDong, RuleViolation, type Dong } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const FEES_LIST_HELP = `tdcs fees list --period YYYY-MM [--json]

Lists the entrustment fees (phí ủy thác) and group commissions (hoa hồng) the month-end close
accrued for a month: payee, gross, pay share after quality reductions, net and whether it was
paid. With --json, prints every accrual with the basis of its computation. Runs as 'system'.`

const PAGE = 1000

export async function feesList(v: Values, open: Open): Promise<number> {
  const period = typeof v.period === 'string' ? v.period : undefined
  if (period === undefined || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new RuleViolation('validation_failed', { '--period': period ?? null, expected: 'YYYY-MM' })
  return open(async (app) => {
    const ctx = systemContext(`cli-${randomUUID()}`)
    const items = []
    for (let offset = 0; ; offset += PAGE) {
      const page = await listFeeAccruals(app.db, ctx, { period, limit: PAGE, offset })
      items.push(...page.items)
      if (page.items.length < PAGE || items.length >= page.total) break
    }
    if (v.json === true) {
      console.log(JSON.stringify(toJsonSafe(items), null, 2))
      return EXIT.ok
    }
    console.table(items.map((a) => ({
      id: String(a.id), contract: a.contractNumber, payee: a.payeeKind === 'group' ? `Tổ ${a.payeeCode ?? a.payeeId} ${a.payeeName ?? ''}` : `Hội ${a.payeeName ?? a.payeeId}`,
      gross: formatDong(a.grossDong as Dong), payShare: `${Number(a.basis.payShareMicros) / 10_000}%`, net: formatDong(a.netDong as Dong), status: a.status, paidOn: a.paidOn ?? '',
    })))
    const total = items.reduce((s, a) => s + a.netDong, 0n)
    console.log(`${items.length} accruals for ${period}; net total ${formatDong(total as Dong)}`)
    return EXIT.ok
  })
}
