import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: maintained report aggregates and the outcome catalogue (issue 7).
//
// - `report_portfolio_monthly`: the month-end portfolio (outstanding by status, loans with
//   principal outstanding, distinct households per row) per commune unit, program, capital source,
//   savings group and organisation, built by the month-end close from the snapshot it has just
//   written. Distinct households cannot be added across rows (a household may borrow under two
//   programs), so `report_portfolio_households` keeps, per commune unit, the distinct count for
//   every grouping the reports offer (dimension + key; 'all' for the unit's own total). Summing
//   those over the communes of a subtree is exact because a loan carries its household's commune.
// - `report_turnover_monthly`: per month and the same keys, the principal disbursed, collected,
//   written off and moved by any other entry (corrections, takeovers), from the month's postings
//   on loan-principal accounts. The close of a month builds every month not yet built up to it,
//   so the aggregates cover all postings dated up to the last built month's end. Events dated in
//   a closed month are refused (period_closed), so a built month never changes afterwards.
// - `report_aggregate_periods`: the months built, with the close that built them. A close run
//   again finds its month here (or in period_closes) and adds nothing.
// - `report_outcome_programs`: which programs count towards which Directive 40 outcome (students
//   funded, workers funded for jobs, workers sent abroad, clean-water works, houses) — data with
//   dates and a legal basis, not a constant in code.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table report_aggregate_periods (
       period text primary key check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
       closed_period text not null,
       built_at timestamptz not null default now()
     )`,
    `create table report_portfolio_monthly (
       period text not null,
       province_code text not null,
       commune_unit_id integer not null,
       program_code text not null,
       capital_source_code text not null,
       group_id bigint,
       organisation text,
       in_term_dong bigint not null check (in_term_dong >= 0),
       overdue_dong bigint not null check (overdue_dong >= 0),
       frozen_dong bigint not null check (frozen_dong >= 0),
       loans bigint not null check (loans > 0),
       households bigint not null check (households > 0)
     )`,
    `create unique index report_portfolio_monthly_key on report_portfolio_monthly
       (period, commune_unit_id, program_code, capital_source_code, coalesce(group_id, 0), coalesce(organisation, ''))`,
    `create table report_portfolio_households (
       period text not null,
       commune_unit_id integer not null,
       dimension text not null check (dimension in ('all', 'program', 'organisation', 'group', 'capital_source')),
       key text not null,
       households bigint not null check (households > 0),
       primary key (period, dimension, commune_unit_id, key)
     )`,
    `create table report_turnover_monthly (
       period text not null,
       province_code text not null,
       commune_unit_id integer not null,
       program_code text not null,
       capital_source_code text not null,
       group_id bigint,
       organisation text,
       disbursed_dong bigint not null,
       collected_dong bigint not null,
       written_off_dong bigint not null,
       other_dong bigint not null
     )`,
    `create unique index report_turnover_monthly_key on report_turnover_monthly
       (period, commune_unit_id, program_code, capital_source_code, coalesce(group_id, 0), coalesce(organisation, ''))`,
    // The report's raw edges (the open month, a period's partial first and last months) read
    // postings by date; postings are appended in date order, so a block-range index is enough.
    // Ranges are summarised by (auto)vacuum: until then a block range is always scanned.
    `create index postings_entry_date_brin on postings using brin (entry_date) with (pages_per_range = 32, autosummarize = on)`,
    // The outcomes report counts disbursements of a period.
    `create index journal_entries_kind_date_idx on journal_entries (kind, entry_date)`,
    // Poverty exits and the poverty rate by year read class changes by date.
    `create index household_classes_from_idx on household_classes (effective_from)`,

    `create table report_outcome_programs (
       outcome text not null check (outcome in ('students', 'jobs', 'overseas_workers', 'clean_water', 'houses')),
       program_code text not null references programs(code),
       valid_from date not null,
       valid_to date,
       legal_basis text not null check (length(legal_basis) > 0),
       primary key (outcome, program_code, valid_from),
       check (valid_to is null or valid_to >= valid_from)
     )`,
    `insert into report_outcome_programs (outcome, program_code, valid_from, legal_basis) values
       ('students', 'STUDENT', '2007-09-27', 'Quyết định 157/2007/QĐ-TTg (tín dụng học sinh, sinh viên); Chỉ thị 40-CT/TW (2014) [verify]'),
       ('jobs', 'JOB_CREATION', '2015-01-01', 'Nghị định 61/2015/NĐ-CP, Nghị định 74/2019/NĐ-CP (hỗ trợ tạo việc làm); Chỉ thị 40-CT/TW (2014) [verify]'),
       ('overseas_workers', 'OVERSEAS_WORKERS', '2015-01-01', 'Nghị định 61/2015/NĐ-CP; Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng [verify]'),
       ('clean_water', 'CLEAN_WATER', '2004-01-01', 'Quyết định 62/2004/QĐ-TTg (nước sạch và vệ sinh môi trường nông thôn); Chỉ thị 40-CT/TW (2014) [verify]'),
       ('houses', 'HOUSING_POOR', '2015-01-01', 'Quyết định 33/2015/QĐ-TTg (hỗ trợ nhà ở hộ nghèo) [verify]'),
       ('houses', 'SOCIAL_HOUSING', '2015-01-01', 'Nghị định 100/2015/NĐ-CP (nhà ở xã hội) [verify]'),
       ('houses', 'EM_HOUSING', '2015-01-01', 'Quyết định 1719/QĐ-TTg (2021) và các chính sách nhà ở hộ dân tộc thiểu số [verify]')`,
  ])
}
