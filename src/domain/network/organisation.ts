import type { UnitKind } from '../access/index.js'
import { fail, ok, type Result } from '../shared/index.js'

/**
 * The levels at which an entrusted mass organisation (Hội LHPN, Hội ND, Hội CCB, Đoàn TN) is
 * organised opposite the bank: the province (opposite the branch), the former district (opposite
 * the transaction office, which outlived the districts abolished on 01/07/2025) and the commune.
 */
export const ORGANISATION_LEVELS = ['province', 'former_district', 'commune'] as const
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number]

/** The kind of bank unit an organisation unit of each level is attached to. */
export const BANK_UNIT_KIND_OF_LEVEL: Readonly<Record<OrganisationLevel, UnitKind>> = {
  province: 'province',
  former_district: 'transaction_office',
  commune: 'commune',
}

/**
 * An organisation unit sits opposite a bank unit of its own level: a commune union is attached to
 * a commune unit, a provincial union to the branch.
 *
 * @example checkOrganisationAttachment('commune', 'commune') → ok; ('commune', 'province') → organisation_unit_level_mismatch
 */
export function checkOrganisationAttachment(level: OrganisationLevel, bankUnitKind: string): Result<void> {
  const expected = BANK_UNIT_KIND_OF_LEVEL[level]
  return bankUnitKind === expected ? ok(undefined) : fail('organisation_unit_level_mismatch', { level, bankUnitKind, expected })
}

const RANK: Readonly<Record<OrganisationLevel, number>> = { province: 0, former_district: 1, commune: 2 }

/**
 * A parent is a unit of the same organisation one or more levels up (a commune union may report
 * to the provincial union directly now that districts are gone), and it must be active.
 */
export function checkOrganisationParent(
  child: { organisation: string; level: OrganisationLevel },
  parent: { organisation: string; level: OrganisationLevel; status: string } | null,
): Result<void> {
  if (parent === null) return ok(undefined)
  if (parent.organisation !== child.organisation || RANK[parent.level] >= RANK[child.level] || parent.status !== 'active')
    return fail('organisation_parent_invalid', { organisation: child.organisation, level: child.level, parentOrganisation: parent.organisation, parentLevel: parent.level })
  return ok(undefined)
}
