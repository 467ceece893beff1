import { sql } from 'kysely'
import type { EligibilityFacts, EligibleClass } from '../../domain/programs/index.js'
import type { LocalDate } from '../../domain/shared/index.js'
import type { Executor } from '../context.js'

/** Years after leaving the poor or near-poor list during which a household counts as newly escaped. */
export const RECENTLY_ESCAPED_YEARS = 3

/**
 * Which poverty standard a household's class is read under: the national one, or — for a loan a
 * local budget funds under an agreement that says so — the province's own, where the household
 * was classed under it (the national class otherwise).
 */
export type ClassStandard = 'national' | 'local'

/**
 * Reads the registry facts an eligibility rule is evaluated on, as of the application date, in
 * one query: the household's class then under the standard that applies, whether it left the
 * poor/near-poor list within the last three years (under the same standard), its residence type
 * and the programs it still owes under.
 */
export async function eligibilityFacts(db: Executor, householdId: bigint, date: LocalDate, groupMember: boolean, standard: ClassStandard = 'national'): Promise<EligibilityFacts> {
  const { rows } = await sql<{ class: string | null; escaped: boolean; residence: 'rural' | 'urban'; programs: string[] | null }>`
    with classes as (
      select c.class, c.effective_from from household_classes c
      join poverty_standards s on s.id = c.standard_id
      join households hh on hh.id = c.household_id
      where c.household_id = ${householdId.toString()}::bigint and c.effective_from <= ${date}::date
        and s.scope = (case when ${standard} = 'local'
                              and exists (select 1 from household_classes lc join poverty_standards ls on ls.id = lc.standard_id
                                          where lc.household_id = hh.id and lc.effective_from <= ${date}::date and ls.scope = 'local' and ls.province_code = hh.province_code)
                            then 'local' else 'national' end)
        and (s.scope = 'national' or s.province_code = hh.province_code)
    )
    select
      (select c.class from classes c order by c.effective_from desc limit 1) as class,
      exists (
        select 1 from classes c
        where c.class not in ('poor', 'near_poor')
          and c.effective_from > (${date}::date - make_interval(years => ${RECENTLY_ESCAPED_YEARS}))::date
          and exists (select 1 from classes p where p.class in ('poor', 'near_poor') and p.effective_from < c.effective_from)
          and not exists (select 1 from classes n where n.class in ('poor', 'near_poor') and n.effective_from > c.effective_from)
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
