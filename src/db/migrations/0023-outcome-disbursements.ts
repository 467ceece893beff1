import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: the disbursement days the Directive 40 outcomes report reads (issue 7).
//
// The report counts loans disbursed in a period, their distinct households, the loans per outcome
// by the loan's first disbursement in the period, and households that left poverty having borrowed
// before. Read from `journal_entries` joined to the wide `loans` table that is a scan of the whole
// ledger's entries and of every loan; at a million loans it took half a minute.
//
// - `loan_disbursement_days`: one row per loan and day with a 'loan.disbursement' entry, carrying
//   the loan's keys (province, household, commune unit, program) and the loan's previous
//   disbursement day. It equals
//     select distinct e.loan_id, e.entry_date, l.… from journal_entries e join loans l on l.id = e.loan_id
//     where e.kind = 'loan.disbursement'
//   at every commit (a test checks it after a mix of operations on both backends):
//   * a statement-level trigger on journal_entries (transition table) adds the days of every
//     statement that inserts disbursement entries, whoever writes them — the loan use-cases, the
//     transaction day, the demo seed, the benchmarks' bulk inserts — and, for the loans it touched,
//     sets each day's `previous_disbursed_on` (a back-dated day moves its successor's). Journal
//     entries are never updated or deleted, so inserts are all there is to follow. An entry names
//     a loan that exists (a loan is written before anything is disbursed on it);
//   * a row trigger on loans follows a change of the loan's keys (no use-case changes them; a
//     bulk correction may), so the report groups loans exactly as the join with `loans` would.
// - `loan_disbursement_day_counts`: the days counted by commune unit, program, day and the
//   derived columns below — what the report sums for loans and most borrowers instead of reading
//   every day. The triggers keep it equal to that count: the journal trigger subtracts the touched
//   households' days before changing them and adds them back after, under the households'
//   advisory locks (when a statement touches at most 16 households) so two concurrent statements
//   on one household do not both count it; the loans row trigger logs its changes in
//   `loan_disbursement_day_count_changes`, added up once by a statement trigger (a bulk correction
//   takes no lock: it is run alone).
// - `previous_disbursed_on` makes "the loan's first disbursement in [from, to]" a row condition
//   (`previous_disbursed_on is null or previous_disbursed_on < from`), so counting loans needs no
//   distinct over a million rows, and the outcome of a loan is read on that day. Likewise
//   `household_previous_on` (the household's previous day in the same commune unit, by day then
//   loan) makes "the household's first row in the period" a row condition within a commune, and
//   `household_several_communes` marks the households that borrowed in more than one commune unit
//   (a commune merged, a household moved): only those need a distinct count, so distinct borrowers
//   of a subtree stay exact without sorting every row.
// - `household_registry_counts`: households per current commune unit by the years they were formed
//   and ended, kept by triggers on households (insert, delete, and a row trigger when the commune
//   or the dates change). The registry at a year's end is a sum over a few rows per commune.
// - `household_class_spans`: each household class with the household's current commune unit,
//   formed and ended dates, the previous class and the next class's date — what the poverty rate
//   by year and the exits from poverty read, without joining the million-row households table or
//   running a window over it. Rebuilt for the households a statement touches (classes inserted,
//   updated or deleted; a household's commune or dates changed). Zero counts are left in place.

/** Recomputes the derived columns of the disbursement days of the households in `households` (an SQL set). */
const refreshDisbursementDays = (households: string) => `
       update loan_disbursement_days t
       set previous_disbursed_on = p.previous_on, household_previous_on = p.household_previous_on, household_several_communes = p.several
       from (select x.loan_id, x.disbursed_on,
               lag(x.disbursed_on) over (partition by x.loan_id order by x.disbursed_on) as previous_on,
               lag(x.disbursed_on) over (partition by x.household_id, x.commune_unit_id order by x.disbursed_on, x.loan_id) as household_previous_on,
               min(x.commune_unit_id) over (partition by x.household_id) <> max(x.commune_unit_id) over (partition by x.household_id) as several
             from loan_disbursement_days x
             where x.household_id in (${households})) p
       where t.loan_id = p.loan_id and t.disbursed_on = p.disbursed_on
         and (t.previous_disbursed_on, t.household_previous_on, t.household_several_communes) is distinct from (p.previous_on, p.household_previous_on, p.several)`

/**
 * Adds `sign` × the disbursement days of the households in `households` (an SQL set) to their
 * counts: a trigger subtracts the households' days before changing them and adds them after.
 */
const addDayCounts = (households: string, sign: '+' | '-') => `
       insert into loan_disbursement_day_counts (commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, loans)
       select commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, ${sign}count(*)
       from loan_disbursement_days where household_id in (${households})
       group by 1, 2, 3, 4, 5, 6
       on conflict (commune_unit_id, program_code, disbursed_on, (coalesce(previous_disbursed_on, '-infinity')), (coalesce(household_previous_on, '-infinity')), household_several_communes)
       do update set loans = loan_disbursement_day_counts.loans + excluded.loans`

/**
 * The same for the loans trigger, which runs once per changed loan: it logs the change in
 * `loan_disbursement_day_count_changes`, and the statement's trigger adds the log up once (a bulk
 * correction updating the same count row once per loan would walk that row's ever longer chain
 * of versions).
 */
const logDayCounts = (households: string, sign: '+' | '-') => `
       insert into loan_disbursement_day_count_changes (commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, loans)
       select commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, ${sign}count(*)
       from loan_disbursement_days where household_id in (${households})
       group by 1, 2, 3, 4, 5, 6`

/** Rebuilds the class spans of the households in `households` (an SQL set). */
const refreshClassSpans = (households: string) => [
  `delete from household_class_spans where household_id in (${households})`,
  `insert into household_class_spans (household_id, effective_from, province_code, commune_unit_id, class, previous_class, next_from, formed_on, ended_on)
       select hc.household_id, hc.effective_from, hc.province_code, h.commune_unit_id, hc.class,
         lag(hc.class) over (partition by hc.household_id order by hc.effective_from),
         lead(hc.effective_from) over (partition by hc.household_id order by hc.effective_from),
         h.formed_on, h.ended_on
       from household_classes hc join households h on h.id = hc.household_id
       where hc.household_id in (${households})`,
]

/** Adds `sign` × the households of `rows` (an SQL relation with commune_unit_id, formed_on, ended_on) to the registry counts. */
const addRegistry = (rows: string, sign: '+' | '-') => `
       insert into household_registry_counts (commune_unit_id, formed_year, ended_year, households)
       select commune_unit_id, extract(year from formed_on)::int, extract(year from ended_on)::int, ${sign}count(*)
       from ${rows} group by 1, 2, 3
       on conflict (commune_unit_id, formed_year, (coalesce(ended_year, 0))) do update set households = household_registry_counts.households + excluded.households`

/** The households whose loans a statement's disbursement entries name. */
const TOUCHED_BY_ENTRIES = `select l.household_id from new_entries e join loans l on l.id = e.loan_id where e.kind = 'loan.disbursement'`

/**
 * Serialises statements that change the same households' days (two tellers disbursing two loans
 * of one household at once): each takes the households' advisory locks, in id order, before it
 * reads the days it subtracts from the counts. Only a statement touching a few households takes
 * them — locks live in a shared table of a few thousand slots until commit — so a bulk statement
 * (a seed, an import, a correction of loans' keys, run alone) takes none.
 */
const lockHouseholds = (households: string) => `
       if (select count(*) from (select distinct household_id from (${households}) t limit 17) n) <= 16 then
         perform pg_advisory_xact_lock(23, (h.household_id % 2147483647)::int) from (select distinct household_id from (${households}) t order by 1) h;
       end if`

const plpgsql = (name: string, body: string) => `create function ${name}() returns trigger language plpgsql as $$
     begin
       ${body}
       return null;
     end $$`

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table loan_disbursement_days (
       loan_id bigint not null,
       disbursed_on date not null,
       province_code text,
       household_id bigint not null,
       commune_unit_id integer not null,
       program_code text not null,
       previous_disbursed_on date check (previous_disbursed_on < disbursed_on),
       household_previous_on date check (household_previous_on <= disbursed_on),
       household_several_communes boolean not null default false,
       primary key (loan_id, disbursed_on)
     )`,
    `create index loan_disbursement_days_date_idx on loan_disbursement_days (disbursed_on)`,
    `create index loan_disbursement_days_household_idx on loan_disbursement_days (household_id, disbursed_on)`,
    `insert into loan_disbursement_days (loan_id, disbursed_on, province_code, household_id, commune_unit_id, program_code,
       previous_disbursed_on, household_previous_on, household_several_communes)
     select d.loan_id, d.entry_date, l.province_code, l.household_id, l.commune_unit_id, l.program_code,
       lag(d.entry_date) over (partition by d.loan_id order by d.entry_date),
       lag(d.entry_date) over (partition by l.household_id, l.commune_unit_id order by d.entry_date, d.loan_id),
       min(l.commune_unit_id) over (partition by l.household_id) <> max(l.commune_unit_id) over (partition by l.household_id)
     from (select distinct loan_id, entry_date from journal_entries where kind = 'loan.disbursement' and loan_id is not null) d
     join loans l on l.id = d.loan_id`,
    // What the outcomes report sums instead of reading every day (a few rows per commune, program and day).
    `create table loan_disbursement_day_counts (
       commune_unit_id integer not null,
       program_code text not null,
       disbursed_on date not null,
       previous_disbursed_on date,
       household_previous_on date,
       household_several_communes boolean not null,
       -- No check on the sign: an upsert's inserted row is checked before its conflict is found,
       -- and subtracting goes through that row.
       loans bigint not null
     )`,
    `create unique index loan_disbursement_day_counts_key on loan_disbursement_day_counts (commune_unit_id, program_code, disbursed_on,
       (coalesce(previous_disbursed_on, '-infinity')), (coalesce(household_previous_on, '-infinity')), household_several_communes)`,
    `create index loan_disbursement_day_counts_date_idx on loan_disbursement_day_counts (disbursed_on)`,
    // The changes of one statement on loans, added up to the counts at its end (empty between statements).
    `create table loan_disbursement_day_count_changes (like loan_disbursement_day_counts)`,
    `insert into loan_disbursement_day_counts (commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, loans)
     select commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, count(*)
     from loan_disbursement_days group by 1, 2, 3, 4, 5, 6`,
    // The raw days read for distinct households: per outcome program (index-only), and of households in several communes.
    `create index loan_disbursement_days_program_idx on loan_disbursement_days (program_code, disbursed_on) include (household_id, commune_unit_id, previous_disbursed_on)`,
    `create index loan_disbursement_days_several_idx on loan_disbursement_days (disbursed_on) include (household_id, commune_unit_id) where household_several_communes`,

    plpgsql('tdcs_loan_disbursement_days', `
       if not exists (select 1 from new_entries where kind = 'loan.disbursement' and loan_id is not null) then
         return null;
       end if;
       ${lockHouseholds(TOUCHED_BY_ENTRIES)};
       ${addDayCounts(TOUCHED_BY_ENTRIES, '-')};
       insert into loan_disbursement_days (loan_id, disbursed_on, province_code, household_id, commune_unit_id, program_code)
       select d.loan_id, d.entry_date, l.province_code, l.household_id, l.commune_unit_id, l.program_code
       from (select distinct loan_id, entry_date from new_entries where kind = 'loan.disbursement' and loan_id is not null) d
       join loans l on l.id = d.loan_id
       on conflict (loan_id, disbursed_on) do nothing;
       ${refreshDisbursementDays(TOUCHED_BY_ENTRIES)};
       ${addDayCounts(TOUCHED_BY_ENTRIES, '+')};`),
    `create trigger journal_entries_disbursement_days after insert on journal_entries
       referencing new table as new_entries
       for each statement execute function tdcs_loan_disbursement_days()`,

    plpgsql('tdcs_loan_disbursement_days_keys', `
       if old.household_id is not distinct from new.household_id and old.commune_unit_id is not distinct from new.commune_unit_id then
         -- Program or province only: the loan's own days move between counts.
         with moved as (
           update loan_disbursement_days t set province_code = new.province_code, program_code = new.program_code
           from (select loan_id, disbursed_on, program_code from loan_disbursement_days where loan_id = new.id) o
           where t.loan_id = o.loan_id and t.disbursed_on = o.disbursed_on
           returning t.commune_unit_id, o.program_code as old_program, t.program_code, t.disbursed_on, t.previous_disbursed_on, t.household_previous_on, t.household_several_communes
         )
         insert into loan_disbursement_day_count_changes (commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, loans)
         select commune_unit_id, old_program, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, -1 from moved
         union all
         select commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, 1 from moved;
         return null;
       end if;
       ${logDayCounts('old.household_id, new.household_id', '-')};
       update loan_disbursement_days
       set province_code = new.province_code, household_id = new.household_id, commune_unit_id = new.commune_unit_id, program_code = new.program_code
       where loan_id = new.id;
       ${refreshDisbursementDays('old.household_id, new.household_id')};
       ${logDayCounts('old.household_id, new.household_id', '+')};`),
    `create trigger loans_disbursement_days_keys after update of province_code, household_id, commune_unit_id, program_code on loans
       for each row when (old.province_code is distinct from new.province_code or old.household_id is distinct from new.household_id
         or old.commune_unit_id is distinct from new.commune_unit_id or old.program_code is distinct from new.program_code)
       execute function tdcs_loan_disbursement_days_keys()`,
    plpgsql('tdcs_loan_disbursement_day_counts_flush', `
       with logged as (delete from loan_disbursement_day_count_changes returning *)
       insert into loan_disbursement_day_counts (commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, loans)
       select commune_unit_id, program_code, disbursed_on, previous_disbursed_on, household_previous_on, household_several_communes, sum(loans)
       from logged group by 1, 2, 3, 4, 5, 6
       on conflict (commune_unit_id, program_code, disbursed_on, (coalesce(previous_disbursed_on, '-infinity')), (coalesce(household_previous_on, '-infinity')), household_several_communes)
       do update set loans = loan_disbursement_day_counts.loans + excluded.loans;`),
    `create trigger loans_disbursement_day_counts_flush after update of province_code, household_id, commune_unit_id, program_code on loans
       for each statement execute function tdcs_loan_disbursement_day_counts_flush()`,

    `create table household_registry_counts (
       commune_unit_id integer not null,
       formed_year integer not null,
       ended_year integer,
       households bigint not null -- no check on the sign, as for the day counts
     )`,
    `create unique index household_registry_counts_key on household_registry_counts (commune_unit_id, formed_year, (coalesce(ended_year, 0)))`,
    addRegistry('households', '+'),
    plpgsql('tdcs_household_registry_insert', `${addRegistry('new_households', '+')};`),
    `create trigger households_registry_insert after insert on households
       referencing new table as new_households
       for each statement execute function tdcs_household_registry_insert()`,
    plpgsql('tdcs_household_registry_delete', `${addRegistry('old_households', '-')};`),
    `create trigger households_registry_delete after delete on households
       referencing old table as old_households
       for each statement execute function tdcs_household_registry_delete()`,

    `create table household_class_spans (
       household_id bigint not null,
       effective_from date not null,
       province_code text not null,
       commune_unit_id integer not null,
       class text not null,
       previous_class text,
       next_from date,
       formed_on date not null,
       ended_on date,
       primary key (household_id, effective_from)
     )`,
    `create index household_class_spans_commune_idx on household_class_spans (commune_unit_id)`,
    ...refreshClassSpans('select id from households'),
    plpgsql('tdcs_household_class_spans_insert', refreshClassSpans('select household_id from new_classes').join(';\n       ') + ';'),
    `create trigger household_classes_spans_insert after insert on household_classes
       referencing new table as new_classes
       for each statement execute function tdcs_household_class_spans_insert()`,
    plpgsql('tdcs_household_class_spans_update', refreshClassSpans('select household_id from new_classes union select household_id from old_classes').join(';\n       ') + ';'),
    `create trigger household_classes_spans_update after update on household_classes
       referencing old table as old_classes new table as new_classes
       for each statement execute function tdcs_household_class_spans_update()`,
    plpgsql('tdcs_household_class_spans_delete', refreshClassSpans('select household_id from old_classes').join(';\n       ') + ';'),
    `create trigger household_classes_spans_delete after delete on household_classes
       referencing old table as old_classes
       for each statement execute function tdcs_household_class_spans_delete()`,

    // A household's commune or dates changed (dissolved, moved by a merger): its registry count and its spans follow.
    plpgsql('tdcs_household_registry_update', `
       update household_registry_counts set households = households - 1
       where commune_unit_id = old.commune_unit_id and formed_year = extract(year from old.formed_on)::int
         and coalesce(ended_year, 0) = coalesce(extract(year from old.ended_on)::int, 0);
       insert into household_registry_counts (commune_unit_id, formed_year, ended_year, households)
       values (new.commune_unit_id, extract(year from new.formed_on)::int, extract(year from new.ended_on)::int, 1)
       on conflict (commune_unit_id, formed_year, (coalesce(ended_year, 0))) do update set households = household_registry_counts.households + 1;
       update household_class_spans set commune_unit_id = new.commune_unit_id, formed_on = new.formed_on, ended_on = new.ended_on
       where household_id = new.id;`),
    `create trigger households_registry_update after update of commune_unit_id, formed_on, ended_on on households
       for each row when (old.commune_unit_id is distinct from new.commune_unit_id or old.formed_on is distinct from new.formed_on
         or old.ended_on is distinct from new.ended_on)
       execute function tdcs_household_registry_update()`,
  ])
}
