import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: the household story records every change, and codes can be generated.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // 0003 allowed only the structural events; members joining or leaving, a new head and an
    // edited address are part of the story too.
    `alter table household_events drop constraint household_events_kind_check`,
    `alter table household_events add constraint household_events_kind_check check (kind in (
       'formed', 'split', 'merged', 'member_moved', 'dissolved',
       'member_added', 'member_removed', 'head_changed', 'details_changed', 'member_updated'))`,
    // Household codes the system assigns when a clerk gives none: '<commune code>-<number>'.
    `create sequence household_code_seq`,
    // Who leaves a household and when: the detail page lists former members.
    `create index household_members_left_idx on household_members (household_id) where left_on is not null`,
  ])
}
