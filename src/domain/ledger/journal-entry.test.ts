import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { accountKey, balanceEntry, reversalOf, transfer, type AccountRef, type JournalEntry } from './index.js'

const cash: AccountRef = { kind: 'cash', unit: 12 }
const principal: AccountRef = { kind: 'loan_principal', program: 'POOR', capitalSource: 'CENTRAL', status: 'in_term' }
const day = '2026-01-15' as LocalDate
const entry = (postings: JournalEntry['postings']): JournalEntry => ({ kind: 'test', entryDate: day, provinceCode: '20', description: 'test', postings })

describe('account keys', () => {
  it('names an account by its kind and dimensions in a fixed order', () => {
    expect(accountKey(principal)).toBe('loan_principal|program=POOR|capitalSource=CENTRAL|status=in_term')
    expect(accountKey(cash)).toBe('cash|unit=12')
  })
  it('asserts on a missing or foreign dimension and on a bad status', () => {
    expect(() => accountKey({ kind: 'cash' })).toThrow(/unit missing/)
    expect(() => accountKey({ kind: 'cash', unit: 1, program: 'POOR' })).toThrow(/not allowed/)
    expect(() => accountKey({ ...principal, status: 'lost' })).toThrow(/bad status/)
  })
})

describe('balanceEntry', () => {
  it('accepts a balanced entry', () => {
    expect(balanceEntry(entry(transfer(cash, principal, 50_000_000n))).ok).toBe(true)
  })
  it('refuses an unbalanced entry with the difference', () => {
    const result = balanceEntry(entry([{ account: principal, amountDong: 100n }, { account: cash, amountDong: -99n }]))
    expect(result).toEqual({ ok: false, code: 'journal_entry_unbalanced', details: { sumDong: '1' } })
  })
  it('merges postings on the same account and refuses an entry that cancels out', () => {
    const merged = balanceEntry(entry([...transfer(cash, principal, 70n), ...transfer(cash, principal, 30n)]))
    expect(merged.ok && merged.value.postings.map((p) => p.amountDong)).toEqual([100n, -100n])
    expect(balanceEntry(entry([...transfer(cash, principal, 30n), ...transfer(principal, cash, 30n)]))).toMatchObject({ ok: false, code: 'journal_entry_empty' })
  })
  it('refuses an entry larger than the bound', () => {
    const postings = Array.from({ length: 33 }, () => transfer(cash, principal, 1n)).flat()
    expect(balanceEntry(entry(postings))).toMatchObject({ ok: false, code: 'journal_entry_too_large' })
  })
  it('a reversal of any balanced entry is balanced and undoes it', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 15n }), { minLength: 1, maxLength: 10 }), (amounts) => {
        const original = entry(amounts.flatMap((a, i) => transfer(i % 2 ? cash : principal, i % 2 ? principal : cash, a)))
        const reversed = reversalOf({ ...original, id: 7n }, day, 'sửa sai')
        const all = [...original.postings, ...reversed.postings].reduce((s, p) => s + p.amountDong, 0n)
        expect(all).toBe(0n)
        expect(reversed.reversesEntryId).toBe(7n)
        expect(reversed.postings.reduce((s, p) => s + p.amountDong, 0n)).toBe(0n)
      }),
    )
  })
})
