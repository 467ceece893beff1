import { fail, ok, type Result } from '../shared/index.js'

/** Whitespace as /\s/ knows it: collapsed to one space by foldName. */
const WHITESPACE = new Set([...'\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'])

/** The definition: decompose, drop combining marks, đ → d, lower case, collapse whitespace. */
function foldSlow(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The folded form of each Latin letter with diacritics (U+00C0–U+024F, U+1E00–U+1EFF: every
 * precomposed Vietnamese letter), computed once by the definition. A registry import folds
 * millions of names and values; a table lookup per character is several times faster than
 * normalising each string.
 */
const LETTERS: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>()
  const add = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp)
      table.set(ch, foldSlow(`a${ch}`).slice(1))
    }
  }
  add(0xc0, 0x24f)
  add(0x1e00, 0x1eff)
  return table
})()

/**
 * Folds a Vietnamese name for search: decomposed (NFD), combining marks removed, đ/Đ → d, lower
 * case, runs of whitespace collapsed to one space. What persons.name_search holds, and what a
 * search box's text is folded to before it is compared.
 *
 * @example foldName('Nguyễn Văn An')   // 'nguyen van an'
 * @example foldName('  ĐẶNG  thị Ánh ') // 'dang thi anh'
 */
export function foldName(name: string): string {
  let out = ''
  let pendingSpace = false
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!
    const code = ch.charCodeAt(0)
    let folded: string
    if (code < 0x80) {
      if (code <= 0x20 && WHITESPACE.has(ch)) {
        pendingSpace = out.length > 0
        continue
      }
      folded = code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch
    } else if (code >= 0x300 && code <= 0x36f) {
      continue // a combining mark of decomposed input
    } else if (WHITESPACE.has(ch)) {
      pendingSpace = out.length > 0
      continue
    } else {
      const known = LETTERS.get(ch)
      // Anything else (other scripts, marks outside the common block) takes the definition.
      if (known === undefined) return foldSlow(name)
      folded = known
    }
    if (folded === '') continue
    if (pendingSpace) {
      out += ' '
      pendingSpace = false
    }
    out += folded
  }
  return out
}

export const FULL_NAME_MAX_LENGTH = 200

/**
 * A person's name as stored: composed (NFC, so 'ễ' typed as e + marks equals the precomposed
 * letter), trimmed, inner whitespace collapsed; 1–200 characters.
 *
 * @example normalizeFullName(' Nguyễn  Văn An ') // ok('Nguyễn Văn An')
 */
export function normalizeFullName(name: string): Result<string> {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (clean.length === 0 || clean.length > FULL_NAME_MAX_LENGTH || /[\p{Cc}]/u.test(clean))
    return fail('person_name_invalid', { fullName: name, maxLength: FULL_NAME_MAX_LENGTH })
  return ok(clean)
}

/** The definition foldName must agree with, for tests. */
export const foldNameByDefinition = foldSlow
