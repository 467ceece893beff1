import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: what lets the month-end close write millions of postings at the speed of the
// disk rather than of per-row triggers (docs/decisions.md, "Ledger integrity without per-row
// foreign keys").
//
// - A foreign key is checked by a per-row trigger that probes and share-locks the referenced row:
//   for a posting that is two probes and two row locks, and locking a journal entry rewrites its
//   row. Postings are only ever written by the two ledger writers, which take the account ids
//   from a join on `ledger_accounts` and the entry id from the entry they insert in the same
//   statement; `tdcs ledger verify` checks that every posting has its entry and its account.
// - Postings are appended in entry order, so a block-range (BRIN) index finds an entry's postings
//   at a fraction of a B-tree's upkeep.
// - The portfolio snapshot is derived data written by the close from `loans` itself.
// - `loans` keeps half of each page free so the close's update of every open loan's cached
//   balances (no indexed column changes) stays on its page — a HOT update, measured 5× faster than
//   writing every index again — at the cost of a table twice the size. Instalments change more
//   rarely (the month's due ones) and keep a fifth free.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table postings drop constraint postings_entry_id_fkey`,
    `alter table postings drop constraint postings_account_id_fkey`,
    `alter table loan_snapshots drop constraint loan_snapshots_loan_id_fkey`,
    `drop index postings_entry_idx`,
    `create index postings_entry_idx on postings using brin (entry_id) with (pages_per_range = 16)`,
    `alter table loans set (fillfactor = 50)`,
    `alter table loan_instalments set (fillfactor = 80)`,
  ])
}
