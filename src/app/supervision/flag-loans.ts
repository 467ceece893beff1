import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../context.js'

/** An open loan a flag concerns: what a recall recorded from the flag may name. */
export interface FlagLoan {
  readonly id: bigint
  readonly status: 'active' | 'frozen'
  readonly householdCode: string
  readonly borrowerName: string | null
  readonly outstandingDong: bigint
}

const ID = /^\d{1,18}$/

/** The household ids a person flag's evidence lists (rule 1 keeps the memberships that triggered it). */
function evidenceHouseholds(evidence: unknown): bigint[] {
  const memberships = (evidence as { memberships?: unknown } | null)?.memberships
  if (!Array.isArray(memberships)) return []
  return memberships.map((m) => (m as { householdId?: unknown }).householdId).filter((h): h is string => typeof h === 'string' && ID.test(h)).map(BigInt)
}

/**
 * Which loans a flag's subject names: the loan itself; the loan booked from a flagged application;
 * a flagged household's loans; the loans of a flagged savings group (applied for through it, or of the
 * households that were its members); a flagged person's households' loans (those the evidence
 * lists and those the person belongs to). A flag on an approver and an office names none.
 */
function subjectFilter(subjectType: string, subjectId: string, evidence: unknown): RawBuilder<boolean> | null {
  if (!ID.test(subjectId)) return null
  const id = BigInt(subjectId)
  switch (subjectType) {
    case 'loan': return sql<boolean>`l.id = ${id}`
    case 'loan_application': return sql<boolean>`l.application_id = ${id}`
    case 'household': return sql<boolean>`l.household_id = ${id}`
    case 'savings_group': return sql<boolean>`(l.application_id in (select ga.id from loan_applications ga where ga.group_id = ${id})
      or l.household_id in (select m.household_id from group_memberships m where m.group_id = ${id}))`
    case 'person': {
      const listed = evidenceHouseholds(evidence)
      const inEvidence = listed.length > 0 ? sql`or l.household_id in (${sql.join(listed)})` : sql``
      return sql<boolean>`(l.household_id in (select hm.household_id from household_members hm where hm.person_id = ${id}) ${inEvidence})`
    }
    default: return null
  }
}

/** The open (active or frozen) loans a flag concerns, lowest id first. */
export async function loansOfFlag(db: Executor, flag: { subject_type: string; subject_id: string; evidence: unknown }): Promise<FlagLoan[]> {
  const filter = subjectFilter(flag.subject_type, flag.subject_id, flag.evidence)
  if (filter === null) return []
  const { rows } = await sql<{ id: bigint; status: 'active' | 'frozen'; household_code: string; borrower_name: string | null; outstanding_dong: bigint }>`
    select l.id, l.status, h.code as household_code, pe.full_name as borrower_name,
           (l.principal_in_term_dong + l.principal_overdue_dong + l.principal_frozen_dong)::bigint as outstanding_dong
    from loans l
    join households h on h.id = l.household_id
    left join persons pe on pe.id = h.head_person_id
    where l.status in ('active', 'frozen') and ${filter}
    order by l.id
    limit 200`.execute(db)
  return rows.map((r) => ({ id: BigInt(r.id), status: r.status, householdCode: r.household_code, borrowerName: r.borrower_name, outstandingDong: BigInt(r.outstanding_dong) }))
}
