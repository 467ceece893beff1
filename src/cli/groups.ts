import { randomUUID } from 'node:crypto'
import { computeGrades } from '../app/groups/grades.js'
import { listGroups } from '../app/groups/groups.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { ORGANISATIONS } from '../domain/access/index.js'
import { GRADES, GROUP_STATUSES, type GroupGrade, type GroupStatus } from '../domain/network/index.js'
import { RuleViolation } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const GROUPS_LIST_HELP = `tdcs groups list [--commune-unit ID] [--point ID] [--organisation O] [--grade G] [--status S] [--q TEXT] [--limit N]

Lists savings-and-loan groups (Tổ TK&VV) with their members, leader and latest grade.
Organisations: ${ORGANISATIONS.join(', ')}. Grades: ${GRADES.join(', ')}, ungraded.
Statuses: ${GROUP_STATUSES.join(', ')}. Runs on the server's console as 'system'.`

export const GROUPS_GRADE_HELP = `tdcs groups grade --period YYYY-MM [--unit ID]

Grades every group under a unit (default: all) for a month, under the savings-group rules in force
on the month's last day: the overdue ratio of the loans applied for through each group (from the
month's loan snapshots when the month is closed, otherwise from the balances as they stand). The
interest collection rate and the meetings held count once the transaction day records them.
Computing a month again adds a run; earlier runs stay. Prints the count per grade.`

const text = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new RuleViolation('validation_failed', { [option]: value, expected: 'a positive integer' })
  return Number(value)
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw new RuleViolation('validation_failed', { [option]: value, allowed })
  return value as T
}

const GRADE_VI: Readonly<Record<GroupGrade, string>> = { good: 'Tốt', fair: 'Khá', average: 'Trung bình', weak: 'Yếu' }

export async function groupsList(v: Values, open: Open): Promise<number> {
  const filter = {
    communeUnitId: positiveInt(text(v, 'commune-unit'), '--commune-unit'),
    transactionPointId: positiveInt(text(v, 'point'), '--point'),
    organisation: oneOf(text(v, 'organisation'), ORGANISATIONS, '--organisation'),
    grade: oneOf(text(v, 'grade'), [...GRADES, 'ungraded'] as const, '--grade'),
    status: oneOf<GroupStatus>(text(v, 'status'), GROUP_STATUSES, '--status'),
    q: text(v, 'q'),
    limit: Math.min(positiveInt(text(v, 'limit'), '--limit') ?? 50, 500),
    offset: 0,
  }
  return open(async (app) => {
    const { items, total } = await listGroups(app.db, systemContext(`cli-${randomUUID()}`), filter)
    console.table(items.map((g) => ({
      id: String(g.id), code: g.code, name: g.name, commune: g.communeName, point: g.pointSiteName, organisation: g.organisationUnitName,
      members: g.memberCount, leader: g.leaderName ?? '', status: g.status,
      grade: g.latestGrade ? `${g.latestGrade.period} ${g.latestGrade.grade ? `${GRADE_VI[g.latestGrade.grade]} (${g.latestGrade.score})` : 'chưa xếp loại'}` : '',
    })))
    console.log(`${total} group(s)`)
    return EXIT.ok
  })
}

export async function groupsGrade(v: Values, open: Open): Promise<number> {
  const period = text(v, 'period')
  if (period === undefined) {
    console.error(`Give the month to grade.\n\n${GROUPS_GRADE_HELP}`)
    return EXIT.usage
  }
  const unitId = positiveInt(text(v, 'unit'), '--unit')
  return open(async (app) => {
    const report = await computeGrades(app.db, systemContext(`cli-${randomUUID()}`), { period, unitId })
    console.log(`Graded ${report.groups} group(s) for ${report.period} (run ${report.runId}, from ${report.source === 'snapshot' ? 'the month-end snapshots' : 'the balances as they stand'}):`)
    for (const grade of GRADES) console.log(`  ${GRADE_VI[grade]} (${grade}): ${report.byGrade[grade]}`)
    console.log(`  Chưa xếp loại (ungraded, no outstanding loan): ${report.ungraded}`)
    return EXIT.ok
  })
}
