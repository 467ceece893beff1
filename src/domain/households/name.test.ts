import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldName, foldNameByDefinition, normalizeFullName } from './name.js'
import { parseRelation, RELATIONS } from './relation.js'

describe('name folding', () => {
  it('drops diacritics, turns đ into d and lowers the case', () => {
    expect(foldName('Nguyễn Văn An')).toBe('nguyen van an')
    expect(foldName('ĐẶNG THỊ ÁNH')).toBe('dang thi anh')
    expect(foldName('Lò Văn Pảo')).toBe('lo van pao')
    expect(foldName('Hoàng Thị Ngọc Đào')).toBe('hoang thi ngoc dao')
  })

  it('collapses and trims whitespace', () => {
    expect(foldName('  Trần\t  Thị \n Bé  ')).toBe('tran thi be')
  })

  it('folds the decomposed and the precomposed spelling alike', () => {
    expect(foldName('Nguye\u0302\u0303n')).toBe(foldName('Nguyễn'))
  })

  it('is idempotent and leaves no combining marks or đ (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ'.split('')) }), (s) => {
        const folded = foldName(s)
        expect(foldName(folded)).toBe(folded)
        expect(folded).toMatch(/^[a-z ]*$/)
        expect(folded).not.toMatch(/^ | $| {2}/)
      }),
    )
  })

  it('agrees with its definition (NFD, no marks, đ → d, lower case, collapsed spaces) on any text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(foldName(s)).toBe(foldNameByDefinition(s))
    }), { numRuns: 2000 })
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'Aa Đđ\u0300\u0303\u0323\t\u00a0ƯưỆệ'.split('')) }), (s) => {
      expect(foldName(s)).toBe(foldNameByDefinition(s))
    }))
  })

  it('normalises a name for storage and refuses an empty or overlong one', () => {
    expect(normalizeFullName('  Nguyễn   Văn An ')).toEqual({ ok: true, value: 'Nguyễn Văn An' })
    expect(normalizeFullName('   ')).toMatchObject({ ok: false, code: 'person_name_invalid' })
    expect(normalizeFullName('a'.repeat(201))).toMatchObject({ ok: false, code: 'person_name_invalid' })
  })
})

describe('relation to the head', () => {
  it('reads the words registries use, with or without diacritics', () => {
    expect(parseRelation('Chủ hộ')).toEqual({ ok: true, value: 'head' })
    expect(parseRelation('chu ho')).toEqual({ ok: true, value: 'head' })
    expect(parseRelation('Vợ')).toEqual({ ok: true, value: 'spouse' })
    expect(parseRelation('CHỒNG')).toEqual({ ok: true, value: 'spouse' })
    expect(parseRelation('Con dâu')).toEqual({ ok: true, value: 'child_in_law' })
    expect(parseRelation('Cháu nội')).toEqual({ ok: true, value: 'grandchild' })
    expect(parseRelation('Mẹ chồng')).toEqual({ ok: true, value: 'parent_in_law' })
    for (const r of RELATIONS) expect(parseRelation(r)).toEqual({ ok: true, value: r })
  })

  it('refuses an unknown relation', () => {
    expect(parseRelation('Hàng xóm')).toMatchObject({ ok: false, code: 'relation_unknown' })
    expect(parseRelation('')).toMatchObject({ ok: false, code: 'relation_unknown' })
  })
})
