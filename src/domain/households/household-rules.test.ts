import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import {
  checkComposition,
  planAddMember,
  planChangeHead,
  planDissolve,
  planFormation,
  planMerge,
  planMoveMember,
  planRemoveMember,
  planSplit,
  type HouseholdFacts,
  type MemberFacts,
} from './household-rules.js'
import { ageOn, checkPerson } from './person.js'
import { RELATIONS, type Relation } from './relation.js'

const d = (s: string) => s as LocalDate
const TODAY = d('2026-03-01')
const m = (personId: bigint, relation: Relation, joinedOn = '2020-01-01', birthDate: string | null = '1980-01-01'): MemberFacts => ({
  personId, relation, joinedOn: d(joinedOn), birthDate: birthDate === null ? null : d(birthDate),
})
const household = (id: bigint, members: MemberFacts[], extra: Partial<HouseholdFacts> = {}): HouseholdFacts => ({
  id, status: 'active', communeUnitId: 5, formedOn: d('2020-01-01'), members, ...extra,
})
/** Nguyễn Văn An (head), his wife and their son. */
const family = () => household(1n, [m(1n, 'head'), m(2n, 'spouse'), m(3n, 'child', '2020-01-01', '2010-05-05')])

describe('household composition', () => {
  it('needs members, exactly one head and nobody twice', () => {
    expect(checkComposition([])).toMatchObject({ ok: false, code: 'household_empty' })
    expect(checkComposition([{ relation: 'spouse' }])).toMatchObject({ ok: false, code: 'household_head_missing' })
    expect(checkComposition([{ relation: 'head' }, { relation: 'head' }])).toMatchObject({ ok: false, code: 'household_multiple_heads' })
    expect(checkComposition([{ personId: 1n, relation: 'head' }, { personId: 1n, relation: 'child' }])).toMatchObject({ ok: false, code: 'household_duplicate_member' })
    expect(checkComposition([{ relation: 'head' }, { relation: 'child' }]).ok).toBe(true)
  })

  it('holds exactly when there is one head (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RELATIONS), { minLength: 1, maxLength: 12 }), (relations) => {
        const heads = relations.filter((r) => r === 'head').length
        expect(checkComposition(relations.map((relation) => ({ relation }))).ok).toBe(heads === 1)
      }),
    )
  })
})

describe('impossible dates', () => {
  it('refuses a birth date in the future', () => {
    const person = { fullName: 'Nguyễn Văn An', birthDate: d('2026-03-02'), sex: 'male' as const, ethnicity: null, citizenId: null, phone: null, healthInsured: null, inSchool: null }
    expect(checkPerson(person, TODAY)).toMatchObject({ ok: false, code: 'birth_date_in_future' })
    expect(checkPerson({ ...person, birthDate: TODAY }, TODAY).ok).toBe(true)
  })

  it('refuses a member who joins before being born, and a household formed in the future', () => {
    expect(planFormation([{ relation: 'head', birthDate: d('2021-01-01') }], d('2020-06-01'), TODAY)).toMatchObject({ ok: false, code: 'joined_before_birth' })
    expect(planFormation([{ relation: 'head', birthDate: d('1980-01-01') }], d('2026-03-02'), TODAY)).toMatchObject({ ok: false, code: 'event_date_in_future' })
    expect(planAddMember(family(), m(9n, 'grandchild', '2025-01-01', '2025-06-01'), TODAY)).toMatchObject({ ok: false, code: 'joined_before_birth' })
  })

  it('refuses a change dated before the household was formed or a member leaving before joining', () => {
    expect(planRemoveMember(family(), 2n, d('2019-12-31'), TODAY)).toMatchObject({ ok: false, code: 'event_date_before_formed' })
    const late = household(1n, [m(1n, 'head'), m(2n, 'spouse', '2024-01-01')])
    expect(planRemoveMember(late, 2n, d('2023-01-01'), TODAY)).toMatchObject({ ok: false, code: 'event_date_before_joined' })
    expect(planDissolve(family(), d('2026-03-02'), TODAY)).toMatchObject({ ok: false, code: 'event_date_in_future' })
  })

  it('counts full years of age', () => {
    expect(ageOn(d('2000-05-10'), d('2026-05-09'))).toBe(25)
    expect(ageOn(d('2000-05-10'), d('2026-05-10'))).toBe(26)
    expect(ageOn(d('2000-02-29'), d('2026-02-28'))).toBe(25)
    expect(ageOn(d('2000-02-29'), d('2026-03-01'))).toBe(26)
  })
})

describe('member changes', () => {
  it('adds a member but never a second head', () => {
    const added = planAddMember(family(), m(4n, 'grandchild', '2026-01-01', '2025-12-01'), TODAY)
    expect(added.ok && added.value.members).toHaveLength(4)
    expect(planAddMember(family(), m(4n, 'head', '2026-01-01'), TODAY)).toMatchObject({ ok: false, code: 'household_multiple_heads' })
    expect(planAddMember(family(), m(2n, 'other', '2026-01-01'), TODAY)).toMatchObject({ ok: false, code: 'household_duplicate_member' })
  })

  it('removes a member, but not the head and not the last one', () => {
    expect(planRemoveMember(family(), 3n, TODAY, TODAY)).toMatchObject({ ok: true })
    expect(planRemoveMember(family(), 1n, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_head_cannot_leave' })
    expect(planRemoveMember(household(1n, [m(1n, 'head')]), 1n, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_would_be_empty' })
    expect(planRemoveMember(family(), 8n, TODAY, TODAY)).toMatchObject({ ok: false, code: 'person_not_in_household' })
  })

  it('changes the head: the former head takes the given relation', () => {
    const changed = planChangeHead(family(), 2n, 'spouse', new Map(), TODAY, TODAY)
    expect(changed.ok && changed.value.members.map((x) => [x.personId, x.relation])).toEqual([[1n, 'spouse'], [2n, 'head'], [3n, 'child']])
    expect(planChangeHead(family(), 1n, 'spouse', new Map(), TODAY, TODAY)).toMatchObject({ ok: false, code: 'person_already_head' })
    expect(planChangeHead(family(), 9n, 'spouse', new Map(), TODAY, TODAY)).toMatchObject({ ok: false, code: 'person_not_in_household' })
    expect(planChangeHead(family(), 2n, 'head', new Map(), TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_multiple_heads' })
  })

  it('moves a member to another household in the relation given', () => {
    const other = household(2n, [m(10n, 'head')])
    const moved = planMoveMember(family(), other, 3n, 'spouse', TODAY, TODAY)
    expect(moved.ok && moved.value.source.members.map((x) => x.personId)).toEqual([1n, 2n])
    expect(moved.ok && moved.value.target.members.at(-1)).toMatchObject({ personId: 3n, relation: 'spouse', joinedOn: TODAY })
    expect(planMoveMember(family(), family(), 3n, 'child', TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_same_household' })
    expect(planMoveMember(family(), other, 1n, 'spouse', TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_head_cannot_leave' })
    expect(planMoveMember(family(), other, 3n, 'head', TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_multiple_heads' })
    expect(planMoveMember(family(), { ...other, status: 'dissolved' }, 3n, 'child', TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_not_active' })
  })
})

describe('split, merge, dissolve', () => {
  it('splits off a new household with its own head, the source keeping its head', () => {
    const plan = planSplit(family(), [[{ personId: 3n, relation: 'head' }]], null, TODAY, TODAY)
    expect(plan.ok && plan.value.source.members.map((x) => x.personId)).toEqual([1n, 2n])
    expect(plan.ok && plan.value.formed).toEqual([[m(3n, 'head', TODAY, '2010-05-05')]])
  })

  it('needs a head in every new household and in what remains', () => {
    expect(planSplit(family(), [[{ personId: 3n, relation: 'child' }]], null, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_head_missing' })
    expect(planSplit(family(), [[{ personId: 1n, relation: 'head' }]], null, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_head_missing' })
    const plan = planSplit(family(), [[{ personId: 1n, relation: 'head' }]], 2n, TODAY, TODAY)
    expect(plan.ok && plan.value.source.members.map((x) => [x.personId, x.relation])).toEqual([[2n, 'head'], [3n, 'child']])
    expect(planSplit(family(), [[{ personId: 3n, relation: 'head' }]], 2n, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_multiple_heads' })
  })

  it('ends the source when everyone leaves into two households, and refuses a split into one', () => {
    const two = planSplit(family(), [[{ personId: 1n, relation: 'head' }, { personId: 2n, relation: 'spouse' }], [{ personId: 3n, relation: 'head' }]], null, TODAY, TODAY)
    expect(two.ok && two.value.source.status).toBe('split')
    const one = planSplit(family(), [[{ personId: 1n, relation: 'head' }, { personId: 2n, relation: 'spouse' }, { personId: 3n, relation: 'child' }]], null, TODAY, TODAY)
    expect(one).toMatchObject({ ok: false, code: 'household_split_empty_source' })
  })

  it('refuses a person in two new households or not in the source', () => {
    expect(planSplit(family(), [[{ personId: 3n, relation: 'head' }], [{ personId: 3n, relation: 'head' }]], null, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_duplicate_member' })
    expect(planSplit(family(), [[{ personId: 7n, relation: 'head' }]], null, TODAY, TODAY)).toMatchObject({ ok: false, code: 'person_not_in_household' })
  })

  it('merges households of one commune, the moved members taking their given relations', () => {
    const other = household(2n, [m(10n, 'head'), m(11n, 'child')])
    const plan = planMerge(family(), [other], new Map([[10n, 'sibling']]), TODAY, TODAY)
    expect(plan.ok && plan.value.target.members.map((x) => [x.personId, x.relation])).toEqual([[1n, 'head'], [2n, 'spouse'], [3n, 'child'], [10n, 'sibling'], [11n, 'other']])
    expect(plan.ok && plan.value.sources[0]?.status).toBe('merged')
    expect(planMerge(family(), [{ ...other, communeUnitId: 6 }], new Map(), TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_merge_different_communes' })
    expect(planMerge(family(), [family()], new Map(), TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_same_household' })
    expect(planMerge(family(), [other], new Map([[10n, 'head']]), TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_multiple_heads' })
    expect(planMerge(family(), [other], new Map([[99n, 'child']]), TODAY, TODAY)).toMatchObject({ ok: false, code: 'person_not_in_household' })
  })

  it('dissolves an active household once', () => {
    const plan = planDissolve(family(), TODAY, TODAY)
    expect(plan).toMatchObject({ ok: true, value: { status: 'dissolved', members: [] } })
    expect(planDissolve({ ...family(), status: 'dissolved' }, TODAY, TODAY)).toMatchObject({ ok: false, code: 'household_not_active' })
  })

  it('keeps exactly one head in every household any split leaves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), fc.boolean(), (groupOf, renameHead) => {
        // Each member goes to group 0 (stays) or to new household 1–3; the first of each new group heads it.
        const groups = [1, 2, 3].map((g) => [1n, 2n, 3n].filter((_, i) => groupOf[i] === g)).filter((g) => g.length > 0)
        const placements = groups.map((g) => g.map((personId, i) => ({ personId, relation: (i === 0 ? 'head' : 'other') as Relation })))
        const remaining = [1n, 2n, 3n].filter((_, i) => groupOf[i] === 0)
        const newHead = !remaining.includes(1n) && remaining.length > 0 && renameHead ? (remaining[0] ?? null) : null
        const plan = planSplit(family(), placements, newHead, TODAY, TODAY)
        if (!plan.ok) return
        if (plan.value.source.status === 'active') expect(checkComposition(plan.value.source.members).ok).toBe(true)
        for (const formed of plan.value.formed) expect(checkComposition(formed).ok).toBe(true)
      }),
    )
  })
})
