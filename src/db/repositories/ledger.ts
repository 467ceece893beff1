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
 * Writes balanced journal entries — all of one event's — in two statements, whatever their number
 * and size: the first makes sure their accounts exist (a no-op once they do), the second inserts
 * the entries and their postings and moves the cached account balances — one data-modifying CTE.
 * A trigger refuses any statement that leaves an entry unbalanced, so a bug here cannot write half
 * an entry. Returns the entries' ids in the order given.
 */
export async function insertJournalEntries(trx: Executor, entries: readonly JournalEntry[], meta: PostingMeta): Promise<PostedEntry[]> {
  assert(trx.isTransaction, 'journal entries are written inside the use-case transaction')
  if (entries.length === 0) return []
  const accounts = new Map<string, object>()
  for (const p of entries.flatMap((e) => e.postings)) {
    const key = accountKey(p.account)
    if (!accounts.has(key))
      accounts.set(key, {
        key, kind: p.account.kind, type: accountTypeOf(p.account), program_code: p.account.program ?? null, capital_source_code: p.account.capitalSource ?? null,
        status: p.account.status ?? null, unit_id: p.account.unit ?? null, group_id: p.account.group ?? null,
      })
  }
  await sql`
    insert into ledger_accounts (key, kind, type, program_code, capital_source_code, status, unit_id, group_id)
    select key, kind, type, program_code, capital_source_code, status, unit_id, group_id
    from jsonb_to_recordset(${JSON.stringify([...accounts.values()])}::jsonb)
      as a(key text, kind text, type text, program_code text, capital_source_code text, status text, unit_id integer, group_id bigint)
    on conflict (key) do nothing`.execute(trx)

  const heads = entries.map((e, ord) => ({
    ord, province_code: e.provinceCode, kind: e.kind, entry_date: e.entryDate, loan_id: e.loanId?.toString() ?? null,
    reverses_entry_id: e.reversesEntryId?.toString() ?? null, description: e.description,
  }))
  const lines = entries.flatMap((e, ord) => e.postings.map((p) => ({ ord, key: accountKey(p.account), loan_id: p.loanId?.toString() ?? null, amount: p.amountDong.toString() })))
  const { rows } = await sql<{ ids: string[]; lines: bigint }>`
    with heads as (
      select nextval(pg_get_serial_sequence('journal_entries', 'id')) as id, h.*
      from jsonb_to_recordset(${JSON.stringify(heads)}::jsonb)
        as h(ord integer, province_code text, kind text, entry_date date, loan_id bigint, reverses_entry_id bigint, description text)
    ),
    entry as (
      insert into journal_entries (id, province_code, kind, entry_date, posted_at, loan_id, reverses_entry_id, description, request_id, created_by)
      select id, province_code, kind, entry_date, ${meta.postedAt}, loan_id, reverses_entry_id, description, ${meta.requestId}, ${meta.createdBy}
      from heads order by ord
      returning id
    ),
    lines as (
      select h.id as entry_id, h.province_code, h.entry_date, a.id as account_id, l.loan_id, l.amount
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(ord integer, key text, loan_id bigint, amount bigint)
      join heads h on h.ord = l.ord
      join ledger_accounts a on a.key = l.key
    ),
    inserted as (
      insert into postings (entry_id, account_id, loan_id, amount_dong, province_code, entry_date)
      select entry_id, account_id, loan_id, amount, province_code, entry_date from lines
      returning account_id, amount_dong
    ),
    moved as (
      update ledger_accounts a set balance_dong = a.balance_dong + d.delta
      from (select account_id, sum(amount_dong) as delta from inserted group by account_id) d
      where a.id = d.account_id
      returning a.id
    )
    select (select array_agg(id::text order by ord) from heads) as ids, (select count(*) from inserted) as lines`.execute(trx)
  const row = rows[0]
  assert(row !== undefined && row.ids.length === entries.length, 'the entry statement returns every entry')
  assert(row.lines === BigInt(lines.length), 'every posting of the entries found its account')
  return row.ids.map((id) => ({ entryId: BigInt(id) }))
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
