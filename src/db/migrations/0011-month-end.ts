import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: what the month-end close needs — the rate timeline per terms version (so
// accrual is set-based SQL), the record of closed periods, and the portfolio snapshot per loan.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Derived data, rebuilt from program_terms and base_rates whenever they change.
    `create table program_rate_segments (
       terms_id integer not null references program_terms(id),
       from_date date not null,
       yearly_micros bigint not null check (yearly_micros > 0),
       primary key (terms_id, from_date)
     )`,

    `create table period_closes (
       period text primary key check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
       status text not null check (status in ('running', 'done')),
       started_at timestamptz not null,
       finished_at timestamptz,
       stats jsonb not null default '{}'
     )`,

    `create table loan_snapshots (
       period text not null,
       loan_id bigint not null references loans(id),
       province_code text not null,
       commune_unit_id integer not null,
       household_id bigint not null,
       program_code text not null,
       capital_source_code text not null,
       status text not null,
       principal_in_term_dong bigint not null,
       principal_overdue_dong bigint not null,
       principal_frozen_dong bigint not null,
       interest_dong bigint not null,
       overdue_interest_dong bigint not null,
       disbursed_dong bigint not null,
       primary key (period, loan_id)
     )`,
    `create index loan_snapshots_unit_idx on loan_snapshots (period, commune_unit_id, program_code)`,
  ])
}
