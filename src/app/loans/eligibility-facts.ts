import { sql } from 'kysely'
import type { EligibilityFacts, EligibleClass } from '../../domain/programs/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor } from '../context.js'

/** Years after leaving the poor or near-poor list during which a household counts as newly escaped. */
export const RECENTLY_ESCAPED_YEARS = 3

/**
 * Reads the registry facts an eligibility rule is evaluated on, as of the application date, in
 * one query: the household's class then, whether it left the poor/near-poor list within the last
 * three years, its residence type and the programs it still owes under.
 */
export async function eligibilityFacts(db: Executor, householdId: bigint, date: LocalDate, groupMember: boolean): Promise<EligibilityFacts> {
  const { rows } = await sql<{ class: string | null; escaped: boolean; residence: 'rural' | 'urban'; programs: string[] | null }>`
    select
      (select c.class from household_classes c where c.household_id = h.id and c.effective_from <= ${date}::date
        order by c.effective_from desc limit 1) as class,
      exists (
        select 1 from household_classes c
        where c.household_id = h.id and c.class not in ('poor', 'near_poor')
          and c.effective_from <= ${date}::date
          and c.effective_from > (${date}::date - make_interval(years => ${RECENTLY_ESCAPED_YEARS}))::date
          and exists (select 1 from household_classes p where p.household_id = h.id and p.class in ('poor', 'near_poor') and p.effective_from < c.effective_from)
          and not exists (select 1 from household_classes n where n.household_id = h.id and n.class in ('poor', 'near_poor')
                          and n.effective_from > c.effective_from and n.effective_from <= ${date}::date)
      ) as escaped,
      h.residence_type as residence,
      (select array_agg(distinct l.program_code) from loans l where l.household_id = h.id and l.status in ('approved', 'active', 'frozen')) as programs
    from households h where h.id = ${householdId.toString()}::bigint`.execute(db)
  const row = rows[0]
  if (!row) throw new Error(`household ${householdId} vanished`)
  return {
    householdClass: (row.class as EligibleClass | null) ?? null,
    recentlyEscaped: row.escaped,
    residence: row.residence,
    // The list of difficult areas is not in the registry yet: no commune counts as listed.
    inListedArea: false,
    outstandingPrograms: row.programs ?? [],
    groupMember,
  }
}
