import { assert, fail, ok, type LocalDate, type Result } from '../shared/index.js'
import { accountKey, type AccountRef } from './account-key.js'

/** One line of a journal entry: positive = debit, negative = credit, never zero. */
export interface Posting {
  readonly account: AccountRef
  readonly amountDong: bigint
  /** The loan the posting belongs to, so each loan's balances derive from its postings. */
  readonly loanId?: bigint
}

/** A balanced set of postings for one money event (bút toán). */
export interface JournalEntry {
  readonly kind: string
  readonly entryDate: LocalDate
  readonly provinceCode: string | null
  readonly description: string
  readonly loanId?: bigint
  /** A correction points at the entry it reverses. */
  readonly reversesEntryId?: bigint
  readonly postings: readonly Posting[]
}

/** Postings per entry: a bound, so a runaway loop cannot build a giant entry. */
export const POSTINGS_PER_ENTRY_MAX = 64

/**
 * Checks an entry before it is posted: at least two postings, none zero, within the bound, and a
 * sum of exactly zero. Postings on the same account and loan are merged, so the stored entry is
 * minimal; an entry whose postings all cancel out is refused as empty.
 *
 * @example balanceEntry({ …, postings: [{ account: cash, amountDong: 100n }, { account: principal, amountDong: -100n }] }) → ok
 */
export function balanceEntry(entry: JournalEntry): Result<JournalEntry> {
  if (entry.postings.length > POSTINGS_PER_ENTRY_MAX) return fail('journal_entry_too_large', { postings: entry.postings.length })
  const merged = new Map<string, Posting>()
  let sum = 0n
  for (const posting of entry.postings) {
    sum += posting.amountDong
    const key = `${accountKey(posting.account)}#${posting.loanId ?? ''}`
    const prior = merged.get(key)
    merged.set(key, prior ? { ...prior, amountDong: prior.amountDong + posting.amountDong } : posting)
  }
  if (sum !== 0n) return fail('journal_entry_unbalanced', { sumDong: sum.toString() })
  const postings = [...merged.values()].filter((p) => p.amountDong !== 0n)
  if (postings.length < 2) return fail('journal_entry_empty')
  return ok({ ...entry, postings })
}

/** The entry that undoes another: same accounts, opposite signs, linked to the original. */
export function reversalOf(original: JournalEntry & { readonly id: bigint }, entryDate: LocalDate, description: string): JournalEntry {
  assert(original.reversesEntryId === undefined, 'a reversal is not reversed again: post a new entry instead')
  return {
    kind: `${original.kind}.reversal`,
    entryDate,
    provinceCode: original.provinceCode,
    description,
    ...(original.loanId !== undefined ? { loanId: original.loanId } : {}),
    reversesEntryId: original.id,
    postings: original.postings.map((p) => ({ ...p, amountDong: -p.amountDong })),
  }
}

/** Debit `to` and credit `from` by one amount: the common two-line entry. */
export function transfer(from: AccountRef, to: AccountRef, amountDong: bigint, loanId?: bigint): Posting[] {
  assert(amountDong > 0n, 'a transfer moves a positive amount')
  const loan = loanId === undefined ? {} : { loanId }
  return [
    { account: to, amountDong, ...loan },
    { account: from, amountDong: -amountDong, ...loan },
  ]
}
