import { sql } from 'kysely'
import type { Organisation, Role } from '../../domain/access/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { createContract } from '../groups/contracts.js'
import { createGroup } from '../groups/groups.js'
import { createOrganisationUnit } from '../groups/organisations.js'
import { importHouseholds } from '../households/import.js'
import { createTransactionPoint } from '../network/points.js'
import { assignCommunes, createBranch, createOffice, createVillage } from '../network/units.js'
import { generatePassword } from '../password.js'
import { importPlacesFile } from '../places/import.js'
import { createUser } from '../users.js'
import { ETHNICITIES, familyName, personName, placeNames, villageNames } from './names.js'
import type { Random } from './random.js'
import type { DemoScale } from './scales.js'

/** The sample province's code (Lạng Sơn's): its citizen ids open with 020. */
export const DEMO_PROVINCE_CODE = '20'

export interface DemoHousehold {
  readonly id: bigint
  readonly code: string
  readonly villageIndex: number
  /** Belongs to an ethnic minority (the ethnic-minority programs' borrowers). */
  readonly ethnicMinority: boolean
  readonly members: number
  /** The savings group it belongs to, if any. */
  groupId: bigint | null
}

export interface DemoGroup {
  readonly id: bigint
  readonly villageIndex: number
  readonly pointDay: number
}

export interface DemoCommune {
  readonly unitId: number
  readonly code: string
  readonly name: string
  readonly officeId: number
  readonly villageIds: readonly number[]
  readonly pointDays: readonly number[]
  readonly groups: DemoGroup[]
  readonly households: DemoHousehold[]
}

export interface DemoUser {
  readonly username: string
  readonly fullName: string
  readonly password: string
  readonly role: Role
  readonly unitName: string
}

export interface DemoStructure {
  readonly provinceCode: string
  readonly provinceName: string
  readonly branchId: number
  readonly communes: DemoCommune[]
  readonly users: DemoUser[]
}

/** What an organisation's share of the groups is (Women's Union the largest, as in the field). */
const ORGANISATION_SHARES: readonly (readonly [Organisation, number])[] = [['womens_union', 45], ['farmers_union', 30], ['veterans_association', 15], ['youth_union', 10]]
const ORGANISATION_NAMES: Readonly<Record<Organisation, string>> = {
  womens_union: 'Hội Liên hiệp Phụ nữ', farmers_union: 'Hội Nông dân', veterans_association: 'Hội Cựu chiến binh', youth_union: 'Đoàn Thanh niên',
}
/** Fee terms of the sample contracts: the shape of src/domain/network fee terms, made-up rates. */
const FEE_TERMS = {
  feeOnOutstandingMonthlyMicros: '450',
  feeOnInterestCollectedMicros: '20000',
  commissionOnInterestCollectedMicros: '80000',
  qualityReductions: [
    { factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' },
    { factor: 'interest_collection_rate', thresholdMicros: '750000', payShareMicros: '800000' },
  ],
}
const GROUP_SIZE = 38
/** Share of households that belong to a savings group (the entrusted channel's reach). */
const GROUP_MEMBERSHIP_SHARE = 0.7

type Step = (label: string, done: number, total: number) => void

/**
 * Builds the sample province through the real use-cases: a synthetic places file (imported like
 * any other), the branch, transaction offices, communes, villages, transaction points with their
 * monthly days, the four organisations with their entrustment contracts, savings groups, the
 * households through the registry's file import, and one demo user per role.
 * Group memberships are written set-based (see `joinGroups`).
 */
export async function buildStructure(db: Executor, ctx: RequestContext, scale: DemoScale, random: Random, start: LocalDate, step: Step): Promise<DemoStructure> {
  const r = random.fork('structure')
  const [provinceName] = placeNames(r, 1)
  const communeNames = placeNames(r, scale.communes, new Set([provinceName!]))
  const communeCodes = communeNames.map((_, i) => String(6001 + i * 3).padStart(5, '0'))
  const places = [{
    Code: DEMO_PROVINCE_CODE, Name: provinceName, AdministrativeUnitShortName: 'Tỉnh',
    Wards: communeNames.map((name, i) => ({ Code: communeCodes[i], Name: name, AdministrativeUnitShortName: 'Xã', ProvinceCode: DEMO_PROVINCE_CODE })),
  }]
  await importPlacesFile(db, ctx, { fileName: 'demo-province.json', bytes: new TextEncoder().encode(JSON.stringify(places)) })
  const branch = await createBranch(db, ctx, { provinceCode: DEMO_PROVINCE_CODE })

  const offices: { id: number; codes: string[] }[] = []
  for (let k = 0; k * scale.communesPerOffice < scale.communes; k++) {
    const codes = communeCodes.slice(k * scale.communesPerOffice, (k + 1) * scale.communesPerOffice)
    const office = await createOffice(db, ctx, { branchId: branch.id, code: `PGD-${DEMO_PROVINCE_CODE}-${String(k + 1).padStart(2, '0')}`, name: `PGD ${communeNames[k * scale.communesPerOffice]}` })
    await assignCommunes(db, ctx, { officeId: office.id, communeCodes: codes })
    offices.push({ id: office.id, codes })
  }
  const communeUnits = await db.selectFrom('units').select(['id', 'code', 'name', 'parent_id']).where('kind', '=', 'commune').where('province_code', '=', DEMO_PROVINCE_CODE).orderBy('code').execute()

  // The four organisations: a provincial unit opposite the branch with its entrustment contract,
  // and a commune unit in every commune.
  const provincialUnits = new Map<Organisation, number>()
  for (const [organisation] of ORGANISATION_SHARES) {
    const unit = await createOrganisationUnit(db, ctx, { organisation, level: 'province', bankUnitId: branch.id, name: `${ORGANISATION_NAMES[organisation]} tỉnh ${provinceName}` })
    provincialUnits.set(organisation, unit.id)
    await createContract(db, ctx, {
      number: `${String(provincialUnits.size).padStart(2, '0')}/HĐUT-${DEMO_PROVINCE_CODE}`, bankUnitId: branch.id, organisationUnitId: unit.id,
      signedOn: start, validFrom: start, feeTerms: { legalBasis: 'Hợp đồng ủy thác mẫu (dữ liệu mô phỏng)', terms: FEE_TERMS },
    })
  }

  const communes: DemoCommune[] = []
  const householdsPerCommune = Math.floor(scale.households / scale.communes)
  let citizenSerial = 0
  for (const [ci, unit] of communeUnits.entries()) {
    step('structure', ci, communeUnits.length)
    const cr = r.fork(`commune-${unit.code}`)
    const villages = villageNames(cr, scale.villagesPerCommune)
    const villageIds: number[] = []
    for (const name of villages) villageIds.push((await createVillage(db, ctx, { communeUnitId: unit.id, name })).id)
    const pointIds: number[] = []
    const pointDays: number[] = []
    for (let p = 0; p < scale.pointsPerCommune; p++) {
      const monthlyDay = 5 + ((ci * 7 + p * 11) % 20)
      const point = await createTransactionPoint(db, ctx, { communeUnitId: unit.id, siteName: p === 0 ? `Trụ sở UBND xã ${unit.name}` : `Nhà văn hóa ${villages[p] ?? ''}`.trim(), monthlyDay, startTime: '07:30' })
      pointIds.push(point.id)
      pointDays.push(monthlyDay)
    }
    const orgUnits = new Map<Organisation, number>()
    for (const [organisation] of ORGANISATION_SHARES) {
      const ou = await createOrganisationUnit(db, ctx, { organisation, level: 'commune', bankUnitId: unit.id, parentId: provincialUnits.get(organisation)!, name: `${ORGANISATION_NAMES[organisation]} xã ${unit.name}` })
      orgUnits.set(organisation, ou.id)
    }

    // Households, through the registry's import (a CSV file per commune).
    const count = ci === communeUnits.length - 1 ? scale.households - householdsPerCommune * (communeUnits.length - 1) : householdsPerCommune
    const lines = ['Mã hộ;Thôn/bản;Họ và tên;Quan hệ với chủ hộ;Ngày sinh (dd/mm/yyyy);Giới tính;Dân tộc;Số CCCD;Số điện thoại;Có BHYT']
    const plan: { code: string; villageIndex: number; ethnicMinority: boolean; members: number }[] = []
    for (let h = 0; h < count; h++) {
      const villageIndex = cr.int(0, villages.length - 1)
      const ethnicity = cr.weighted(ETHNICITIES)
      const code = `${unit.code}-${String(h + 1).padStart(5, '0')}`
      const family = familyName(cr)
      const headMale = cr.chance(0.8)
      const lastBirthYear = Number(start.slice(0, 4)) - 1
      const headYear = cr.int(1955, Math.min(1998, lastBirthYear - 18))
      const size = cr.weighted([[1, 8], [2, 17], [3, 22], [4, 28], [5, 16], [6, 9]] as const)
      const people: { relation: string; sex: 'male' | 'female'; year: number }[] = [{ relation: 'Chủ hộ', sex: headMale ? 'male' : 'female', year: headYear }]
      if (size >= 2) people.push({ relation: headMale ? 'Vợ' : 'Chồng', sex: headMale ? 'female' : 'male', year: Math.min(lastBirthYear - 16, headYear + cr.int(-4, 4)) })
      for (let k = 2; k < size; k++) people.push({ relation: 'Con', sex: cr.chance(0.5) ? 'male' : 'female', year: Math.min(lastBirthYear, headYear + cr.int(20, 32)) })
      for (const person of people) {
        citizenSerial++
        const century = person.year >= 2000 ? 2 : 0
        const citizenId = `0${DEMO_PROVINCE_CODE}${century + (person.sex === 'female' ? 1 : 0)}${String(person.year % 100).padStart(2, '0')}${String(citizenSerial).padStart(6, '0')}`
        const birth = `${String(cr.int(1, 28)).padStart(2, '0')}/${String(cr.int(1, 12)).padStart(2, '0')}/${person.year}`
        const name = personName(cr, person.sex, person.relation === 'Con' || person.relation === 'Chủ hộ' ? family : undefined)
        const phone = person.relation === 'Chủ hộ' ? `09${String(cr.int(10_000_000, 99_999_999))}` : ''
        lines.push([code, villages[villageIndex], name, person.relation, birth, person.sex === 'male' ? 'Nam' : 'Nữ', ethnicity, citizenId, phone, cr.chance(0.9) ? 'Có' : 'Không'].join(';'))
      }
      plan.push({ code, villageIndex, ethnicMinority: ethnicity !== 'Kinh', members: size })
    }
    await importHouseholds(db, ctx, { fileName: `demo-${unit.code}.csv`, content: new TextEncoder().encode(lines.join('\n')), communeUnitId: unit.id })
    const ids = new Map((await db.selectFrom('households').select(['id', 'code']).where('commune_unit_id', '=', unit.id).execute()).map((row) => [row.code, row.id]))
    const households: DemoHousehold[] = plan.map((p) => ({ id: ids.get(p.code)!, code: p.code, villageIndex: p.villageIndex, ethnicMinority: p.ethnicMinority, members: p.members, groupId: null }))

    // Savings groups: one per ~38 member households of a village, each of one organisation.
    const groups: DemoGroup[] = []
    for (let v = 0; v < villages.length; v++) {
      const members = households.filter((h) => h.villageIndex === v && cr.chance(GROUP_MEMBERSHIP_SHARE))
      const groupCount = Math.max(1, Math.ceil(members.length / GROUP_SIZE))
      for (let g = 0; g < groupCount; g++) {
        const organisation = cr.weighted(ORGANISATION_SHARES)
        const pointIndex = v % pointIds.length
        const group = await createGroup(db, ctx, {
          communeUnitId: unit.id, name: `Tổ TK&VV ${villages[v]!.replace('Thôn ', '')}${groupCount > 1 ? ` ${g + 1}` : ''}`, villageUnitId: villageIds[v]!,
          transactionPointId: pointIds[pointIndex]!, organisationUnitId: orgUnits.get(organisation)!,
          foundingDecisionNumber: `${groups.length + 1}/QĐ-UBND`, foundingDecisionDate: start,
        })
        groups.push({ id: group.id, villageIndex: v, pointDay: pointDays[pointIndex]! })
        for (const h of members.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE)) h.groupId = group.id
      }
    }
    await joinGroups(db, ctx, households, start)
    communes.push({ unitId: unit.id, code: unit.code, name: unit.name, officeId: unit.parent_id!, villageIds, pointDays, groups, households })
  }
  step('structure', communeUnits.length, communeUnits.length)
  const users = await createDemoUsers(db, ctx, branch.id, offices[0]!.id, communes[0]!.unitId, communes[0]!.villageIds[0]!, provinceName!)
  return { provinceCode: DEMO_PROVINCE_CODE, provinceName: provinceName!, branchId: branch.id, communes, users }
}

/**
 * Memberships, set-based: `addMember` checks and writes one household per transaction, which
 * would dominate the seed's time (hundreds of thousands of calls at province scale). The rows are
 * what `addMember` writes; one audit row per commune records the batch.
 */
async function joinGroups(db: Executor, ctx: RequestContext, households: readonly DemoHousehold[], on: LocalDate): Promise<void> {
  const rows = households.filter((h) => h.groupId !== null).map((h) => ({ group_id: h.groupId!.toString(), household_id: h.id.toString() }))
  if (rows.length === 0) return
  await sql`
    insert into group_memberships (province_code, group_id, household_id, joined_on, note)
    select ${DEMO_PROVINCE_CODE}, r.group_id, r.household_id, ${on}::date, 'demo seed'
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(group_id bigint, household_id bigint)`.execute(db)
}

async function createDemoUsers(db: Executor, ctx: RequestContext, branchId: number, officeId: number, communeId: number, villageId: number, provinceName: string): Promise<DemoUser[]> {
  const wanted: { username: string; fullName: string; role: Role; unitId: number; organisation?: Organisation; unitName: string }[] = [
    { username: 'demo.admin', fullName: 'Quản trị (mẫu)', role: 'admin', unitId: 1, unitName: 'Hội sở chính' },
    { username: 'demo.branch', fullName: 'Cán bộ chi nhánh (mẫu)', role: 'branch_officer', unitId: branchId, unitName: `Chi nhánh ${provinceName}` },
    { username: 'demo.office', fullName: 'Cán bộ PGD (mẫu)', role: 'office_officer', unitId: officeId, unitName: 'PGD' },
    { username: 'demo.approver', fullName: 'Trưởng PGD (mẫu)', role: 'office_officer', unitId: officeId, unitName: 'PGD' },
    { username: 'demo.teller', fullName: 'Giao dịch viên (mẫu)', role: 'teller', unitId: communeId, unitName: 'Xã' },
    { username: 'demo.women', fullName: 'Cán bộ Hội Phụ nữ (mẫu)', role: 'org_officer', unitId: communeId, organisation: 'womens_union', unitName: 'Xã' },
    { username: 'demo.leader', fullName: 'Tổ trưởng (mẫu)', role: 'group_leader', unitId: villageId, unitName: 'Thôn' },
    { username: 'demo.commune', fullName: 'Cán bộ UBND xã (mẫu)', role: 'commune_officer', unitId: communeId, unitName: 'Xã' },
    { username: 'demo.board', fullName: 'Ban đại diện HĐQT (mẫu)', role: 'supervisor', unitId: branchId, unitName: `Chi nhánh ${provinceName}` },
  ]
  // All at once: each password's scrypt (~50–150 ms) runs on libuv's threads while the others wait
  // for the connection, instead of one after the other. The users' ids then follow the order their
  // hashes finish in; nothing refers to them.
  const passwords = wanted.map(() => generatePassword())
  await Promise.all(wanted.map((u, k) =>
    createUser(db, ctx, { username: u.username, fullName: u.fullName, role: u.role, unitId: u.unitId, organisation: u.organisation ?? null, password: passwords[k]! })))
  return wanted.map((u, k) => ({ username: u.username, fullName: u.fullName, password: passwords[k]!, role: u.role, unitName: u.unitName }))
}
