import { decideApproval } from '../../src/app/approvals.js'
import type { Executor, RequestContext } from '../../src/app/context.js'
import { advanceApplication, submitApplication, type ApplicationInput } from '../../src/app/loans/applications.js'
import { receiveCapital, runLoanEvent } from '../../src/app/loans/loan-events.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor, fixtureHousehold, fixtureUnit } from './actors.js'
import { groupsFixture, type GroupsFixture } from './groups.js'

const d = (s: string) => s as LocalDate

export interface LendingFixture {
  readonly commune: number
  readonly ctx: Readonly<Record<'branch' | 'commune' | 'org' | 'appraiser' | 'approver' | 'teller', (now?: Date) => RequestContext>>
  /** The commune's transaction point (day 15), Women's Union and savings groups. */
  readonly groups: GroupsFixture
  /** The group loans go through unless `extra.groupId` names another. */
  readonly groupId: bigint
  /**
   * A loan through the real workflow (application through a savings group the new household
   * joins, review, confirmation, approval), disbursed on `date`.
   */
  openLoan(householdClass: 'poor' | 'not_poor', programCode: string, amountDong: bigint, date: string, termMonths: number, intervalMonths: number, extra?: Partial<ApplicationInput>): Promise<bigint>
  /** The same through approval, the loan left undisbursed. */
  approveLoan(householdClass: 'poor' | 'not_poor', programCode: string, amountDong: bigint, date: string, termMonths: number, intervalMonths: number, extra?: Partial<ApplicationInput>): Promise<bigint>
}

/**
 * A province branch (Lạng Sơn, 20), a transaction office and a commune (06100), with one user per
 * lending role — usernames branch, commune, women, appraiser, approver, teller; password
 * `Fixture-pass-1` — and nothing else.
 */
export async function lendingUnits(db: Executor): Promise<{ commune: number; ctx: LendingFixture['ctx'] }> {
  const province = await fixtureUnit(db, 1, 'province', '20', 'Chi nhánh Lạng Sơn', { provinceCode: '20', adminCode: '20' })
  const office = await fixtureUnit(db, province, 'transaction_office', 'PGD-CL', 'PGD Cao Lộc')
  const commune = await fixtureUnit(db, office, 'commune', '06100', 'Xã Cao Lộc', { adminCode: '06100' })
  const ctx = {
    branch: await actor(db, 'branch', 'branch_officer', province),
    commune: await actor(db, 'commune', 'commune_officer', commune),
    org: await actor(db, 'women', 'org_officer', commune, 'womens_union'),
    appraiser: await actor(db, 'appraiser', 'office_officer', office),
    approver: await actor(db, 'approver', 'office_officer', office),
    teller: await actor(db, 'teller', 'teller', commune),
  }
  return { commune, ctx }
}

/**
 * The units and users of `lendingUnits`, a
 * transaction point meeting on the 15th, the commune's Women's Union with one savings group, and
 * 10.000.000.000 ₫ of central capital received into the commune's fund on 02/01/2024.
 */
export async function lendingFixture(db: Executor): Promise<LendingFixture> {
  const { commune, ctx } = await lendingUnits(db)
  await receiveCapital(db, ctx.branch(), { capitalSource: 'CENTRAL', amountDong: 10_000_000_000n, unitId: commune, date: d('2024-01-02'), reference: 'Vốn' })
  const groups = await groupsFixture(db, commune, ctx)
  const groupId = await groups.newGroup('Tổ TK&VV thôn Nà Cạn')
  let n = 0
  const approveLoan: LendingFixture['approveLoan'] = async (householdClass, programCode, amountDong, date, termMonths, intervalMonths, extra = {}) => {
    const household = await fixtureHousehold(db, commune, `HH-${++n}`, householdClass, '2020-01-01')
    const group = extra.groupId ?? groupId
    await groups.join(group, household)
    const id = await submitApplication(db, ctx.commune(), { householdId: household, programCode, purpose: 'Sản xuất', amountDong, termMonths, intervalMonths, channel: 'entrusted', applicationDate: d(date), ...extra, groupId: group })
    await advanceApplication(db, ctx.org(), id, 'group_review')
    await advanceApplication(db, ctx.commune(), id, 'commune_confirm')
    const { approvalId } = await advanceApplication(db, ctx.appraiser(), id, 'submit_for_approval')
    await decideApproval(db, ctx.approver(), approvalId!, 'approved', null)
    return (await db.selectFrom('loans').select('id').where('application_id', '=', id).executeTakeFirstOrThrow()).id
  }
  return {
    commune,
    ctx,
    groups,
    groupId,
    approveLoan,
    async openLoan(householdClass, programCode, amountDong, date, termMonths, intervalMonths, extra = {}) {
      const loanId = await approveLoan(householdClass, programCode, amountDong, date, termMonths, intervalMonths, extra)
      await runLoanEvent(db, ctx.teller(), loanId, { type: 'disburse', date: d(date), amountDong, cashUnit: commune })
      return loanId
    },
  }
}
