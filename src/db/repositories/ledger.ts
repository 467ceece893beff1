import { sql } from 'kysely'
import { ACCOUNT_KINDS, accountKey, accountTypeOf, isAccountKind, type JournalEntry } from '../../domain/ledger/index.js'
import { assert } from '../../domain/shared/index.js'
import type { Executor } from '../executor.js'

export interface PostedEntry {
  readonly entryId: bigint
}

export interface PostingMeta {
  readonly postedAt: Date
  readonly requestId: string | null
  readonly createdBy: number | null
}

/**
 * Writes one balanced journal entry in two statements, whatever its size: the first makes sure
 * its accounts exist (a no-op once they do), the second inserts the entry and its postings and
 * moves the cached account balances — one data-modifying CTE. A trigger refuses any statement that
 * leaves an entry unbalanced, so a bug here cannot write half an entry.
 */
export async function insertJournalEntry(trx: Executor, entry: JournalEntry, meta: PostingMeta): Promise<PostedEntry> {
  assert(trx.isTransaction, 'journal entries are written inside the use-case transaction')
  const keys = entry.postings.map((p) => accountKey(p.account))
  const accounts = entry.postings.map((p, i) => ({
    key: keys[i],
    kind: p.account.kind,
    type: accountTypeOf(p.account),
    program_code: p.account.program ?? null,
    capital_source_code: p.account.capitalSource ?? null,
    status: p.account.status ?? null,
    unit_id: p.account.unit ?? null,
    group_id: p.account.group ?? null,
  }))
  await sql`
    insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status, unit_id, group_id)
    select key, kind, type, program_code, capital_source_code, status, unit_id, group_id
    from jsonb_to_recordset(${JSON.stringify(accounts)}::jsonb)
      as a(key text, kind text, type text, program_code text, capital_source_code text, status text, unit_id integer, group_id bigint)
    on conflict (key) do nothing`.execute(trx)

  const lines = entry.postings.map((p, i) => ({ key: keys[i], loan_id: p.loanId?.toString() ?? null, amount: p.amountDong.toString() }))
  const { rows } = await sql<{ id: bigint; lines: bigint }>`
    with entry as (
      insert into journal_entries (province_code, kind, entry_date, posted_at, loan_id, reverses_entry_id, description, request_id, created_by)
      values (${entry.provinceCode}, ${entry.kind}, ${entry.entryDate}::date, ${meta.postedAt}, ${entry.loanId?.toString() ?? null}::bigint,
              ${entry.reversesEntryId?.toString() ?? null}::bigint, ${entry.description}, ${meta.requestId}, ${meta.createdBy})
      returning id
    ),
    lines as (
      select a.id as account_id, l.loan_id, l.amount
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(key text, loan_id bigint, amount bigint)
      join ledger_accounts a on a.key = l.key
    ),
    inserted as (
      insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
      select entry.id, lines.account_id, lines.loan_id, lines.amount, ${entry.provinceCode}, ${entry.entryDate}::date
      from entry, lines
      returning account_id, amount_dong
    ),
    moved as (
      update ledger_accounts a set balance_dong = a.balance_dong + d.delta
      from (select account_id, sum(amount_dong) as delta from inserted group by account_id) d
      where a.id = d.account_id
      returning a.id
    )
    select (select id from entry) as id, (select count(*) from inserted) as lines`.execute(trx)
  const row = rows[0]
  assert(row !== undefined, 'the entry statement returns one row')
  assert(row.lines === BigInt(entry.postings.length), 'every posting of the entry found its account')
  return { entryId: row.id }
}

export interface LedgerDifference {
  readonly check: 'entry_unbalanced' | 'account_balance' | 'trial_balance' | 'posting_orphan'
  readonly subject: string
  readonly expectedDong: string
  readonly actualDong: string
}

/** Entries whose postings do not sum to zero (the trigger should make this impossible). */
export async function unbalancedEntries(db: Executor): Promise<LedgerDifference[]> {
  const { rows } = await sql<{ entry_id: bigint; total: bigint }>`
    select entry_id, sum(amount_dong)::bigint as total from postings group by entry_id having sum(amount_dong) <> 0 limit 100`.execute(db)
  return rows.map((r) => ({ check: 'entry_unbalanced', subject: `entry ${r.entry_id}`, expectedDong: '0', actualDong: r.total.toString() }))
}

/**
 * Postings whose journal entry or account does not exist. Postings carry no foreign keys (a
 * per-row check would dominate bulk posting, migration 0012); the writers take both ids from rows
 * they read or insert in the same statement, and this check proves it.
 */
export async function orphanPostings(db: Executor): Promise<LedgerDifference[]> {
  const { rows } = await sql<{ id: bigint; entry_id: bigint; account_id: bigint; amount_dong: bigint; missing: string }>`
    select p.id, p.entry_id, p.account_id, p.amount_dong,
           case when e.id is null then 'entry' else 'account' end as missing
    from postings p
    left join journal_entries e on e.id = p.entry_id
    left join ledger_accounts a on a.id = p.account_id
    where e.id is null or a.id is null
    limit 100`.execute(db)
  return rows.map((r) => ({ check: 'posting_orphan', subject: `posting ${r.id}: ${r.missing} ${r.missing === 'entry' ? r.entry_id : r.account_id} does not exist`, expectedDong: '0', actualDong: r.amount_dong.toString() }))
}

/** Accounts whose cached balance differs from the sum of their postings. */
export async function accountBalanceDifferences(db: Executor): Promise<LedgerDifference[]> {
  const { rows } = await sql<{ key: string; cached: bigint; derived: bigint }>`
    select a.key, a.balance_dong as cached, coalesce(p.total, 0)::bigint as derived
    from ledger_accounts a
    left join (select account_id, sum(amount_dong) as total from postings group by account_id) p on p.account_id = a.id
    where a.balance_dong <> coalesce(p.total, 0)
    limit 100`.execute(db)
  return rows.map((r) => ({ check: 'account_balance', subject: r.key, expectedDong: r.derived.toString(), actualDong: r.cached.toString() }))
}

export interface TrialBalanceLine {
  readonly code: string
  readonly kind: string
  readonly type: string
  readonly debitDong: bigint
  readonly creditDong: bigint
  readonly balanceDong: bigint
  readonly accounts: number
}

/** The trial balance by account kind, from the postings themselves. */
export async function trialBalance(db: Executor): Promise<TrialBalanceLine[]> {
  const { rows } = await sql<{ kind: string; type: string; debit: bigint; credit: bigint; balance: bigint; accounts: bigint }>`
    select a.kind, a.type,
           coalesce(sum(p.amount_dong) filter (where p.amount_dong > 0), 0)::bigint as debit,
           coalesce(-sum(p.amount_dong) filter (where p.amount_dong < 0), 0)::bigint as credit,
           coalesce(sum(p.amount_dong), 0)::bigint as balance,
           count(distinct a.id) as accounts
    from ledger_accounts a left join postings p on p.account_id = a.id
    group by a.kind, a.type order by a.kind`.execute(db)
  return rows.map((r) => ({ code: isAccountKind(r.kind) ? ACCOUNT_KINDS[r.kind].code : '', kind: r.kind, type: r.type, debitDong: r.debit, creditDong: r.credit, balanceDong: r.balance, accounts: Number(r.accounts) }))
}
