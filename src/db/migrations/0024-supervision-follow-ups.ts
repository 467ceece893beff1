import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: red flags linked to their follow-ups, and the indexes the red-flag rules need
// over a million loans (issue 9).
//
// - `inspection_findings.red_flag_id`: the confirmed flag a finding (and so its recall) came from.
//   One finding per flag and loan: recording a recall from the same flag for the same loan twice
//   is refused (red_flag_recall_exists), and the partial unique index holds it under concurrency.
// - Indexes the rules read instead of grouping or probing the whole registry (EXPLAIN ANALYZE at
//   200,000 loans, bench/flags.ts): people sharing a name and birth date, past memberships and
//   every membership of a person (rule 1), people bearing a user's name (rule 5).

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table inspection_findings add column red_flag_id bigint references red_flags(id)`,
    `create unique index inspection_findings_flag_loan_idx on inspection_findings (red_flag_id, loan_id) where red_flag_id is not null`,
    `create index persons_identity_idx on persons (name_search, birth_date) where birth_date is not null`,
    `create index household_members_person_idx on household_members (person_id)`,
    `create index household_members_past_idx on household_members (person_id) where left_on is not null`,
    `create index persons_folded_name_idx on persons (lower(btrim(full_name)))`,
  ])
}
