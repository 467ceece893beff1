import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: a version stamp of the program catalogue (programs, their terms, base rates),
// changed by any statement that changes them, so a process can keep the parsed catalogue in
// memory and a loan event needs no more than one column to know it is current. The stamp is a
// random value, not a counter: databases made from one template stay distinguishable once
// either changes.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table catalogue_versions (
       name text primary key,
       version text not null
     )`,
    `insert into catalogue_versions (name, version) values ('programs', gen_random_uuid()::text)`,
    `create function tdcs_bump_catalogue() returns trigger language plpgsql as $$
     begin
       update catalogue_versions set version = gen_random_uuid()::text where name = 'programs';
       return null;
     end $$`,
    ...['programs', 'program_terms', 'base_rates'].flatMap((table) => [
      `create trigger ${table}_catalogue_version after insert or update or delete on ${table}
         for each statement execute function tdcs_bump_catalogue()`,
      `create trigger ${table}_catalogue_version_truncate after truncate on ${table}
         for each statement execute function tdcs_bump_catalogue()`,
    ]),
  ])
}
