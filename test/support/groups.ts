import type { Executor, RequestContext } from '../../src/app/context.js'
import { createGroup } from '../../src/app/groups/groups.js'
import { addMember } from '../../src/app/groups/members.js'
import { createOrganisationUnit } from '../../src/app/groups/organisations.js'
import { createTransactionPoint } from '../../src/app/network/points.js'

type Ctx = (now?: Date) => RequestContext

export interface GroupsFixture {
  /** A transaction point of the commune meeting on the 15th (the lending tests' schedules fall on it). */
  readonly pointId: number
  /** The commune's Women's Union unit. */
  readonly organisationUnitId: number
  /** Founds a group of the Women's Union in the commune (decision of 02/01/2020). */
  newGroup(name: string): Promise<bigint>
  /** Adds a household to a group, as of 01/06/2020. */
  join(groupId: bigint, householdId: bigint): Promise<void>
}

/**
 * The delivery network of a commune through the real use-cases: a transaction point (by the
 * branch), the commune's Women's Union (by the branch) and its groups (by the union's officer).
 */
export async function groupsFixture(db: Executor, commune: number, ctx: { branch: Ctx; org: Ctx }): Promise<GroupsFixture> {
  const point = await createTransactionPoint(db, ctx.branch(), { communeUnitId: commune, siteName: 'Trụ sở UBND xã', monthlyDay: 15, startTime: '07:30' })
  const union = await createOrganisationUnit(db, ctx.branch(), { organisation: 'womens_union', level: 'commune', bankUnitId: commune, name: 'Hội LHPN xã' })
  let n = 0
  return {
    pointId: point.id,
    organisationUnitId: union.id,
    async newGroup(name) {
      n += 1
      const group = await createGroup(db, ctx.org(), {
        communeUnitId: commune, name, transactionPointId: point.id, organisationUnitId: union.id, foundingDecisionNumber: `QĐ ${n}/2020/QĐ-UBND`, foundingDecisionDate: '2020-01-02',
      })
      return group.id
    },
    async join(groupId, householdId) {
      await addMember(db, ctx.org(), groupId, { householdId, joinedOn: '2020-06-01' })
    },
  }
}
