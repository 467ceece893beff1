import { fail, ok, type Result } from '../shared/index.js'
import { foldName } from './name.js'

/** Quan hệ với chủ hộ: a member's relation to the head of the household. */
export const RELATIONS = [
  'head', // chủ hộ
  'spouse', // vợ / chồng
  'child', // con (đẻ, nuôi)
  'child_in_law', // con dâu / con rể
  'parent', // bố / mẹ
  'parent_in_law', // bố mẹ vợ / chồng
  'grandparent', // ông / bà
  'grandchild', // cháu
  'sibling', // anh / chị / em
  'other', // khác
] as const
export type Relation = (typeof RELATIONS)[number]

export const RELATION_LABELS: Readonly<Record<Relation, { readonly vi: string; readonly en: string }>> = {
  head: { vi: 'Chủ hộ', en: 'Head' },
  spouse: { vi: 'Vợ/Chồng', en: 'Spouse' },
  child: { vi: 'Con', en: 'Child' },
  child_in_law: { vi: 'Con dâu/Con rể', en: 'Child-in-law' },
  parent: { vi: 'Bố/Mẹ', en: 'Parent' },
  parent_in_law: { vi: 'Bố/Mẹ vợ hoặc chồng', en: 'Parent-in-law' },
  grandparent: { vi: 'Ông/Bà', en: 'Grandparent' },
  grandchild: { vi: 'Cháu', en: 'Grandchild' },
  sibling: { vi: 'Anh/Chị/Em', en: 'Sibling' },
  other: { vi: 'Khác', en: 'Other' },
}

export function isRelation(value: string): value is Relation {
  return (RELATIONS as readonly string[]).includes(value)
}

/** The words people write in a registry's "relation to head" column, folded (see foldName). */
const WRITTEN: Readonly<Record<string, Relation>> = (() => {
  const table: Record<string, Relation> = {}
  const add = (relation: Relation, ...words: string[]) => {
    for (const word of words) table[foldName(word)] = relation
  }
  add('head', 'Chủ hộ', 'Chu ho', 'Chủ')
  add('spouse', 'Vợ', 'Chồng', 'Vợ/Chồng', 'Vợ chồng')
  add('child', 'Con', 'Con đẻ', 'Con ruột', 'Con nuôi', 'Con trai', 'Con gái', 'Con riêng')
  add('child_in_law', 'Con dâu', 'Con rể', 'Con dâu/Con rể')
  add('parent', 'Bố', 'Mẹ', 'Cha', 'Bố đẻ', 'Mẹ đẻ', 'Cha đẻ', 'Bố/Mẹ', 'Cha/Mẹ', 'Bố mẹ', 'Cha mẹ', 'Bố nuôi', 'Mẹ nuôi')
  add('parent_in_law', 'Bố vợ', 'Mẹ vợ', 'Bố chồng', 'Mẹ chồng', 'Cha vợ', 'Cha chồng', 'Bố/Mẹ vợ hoặc chồng', 'Bố mẹ vợ', 'Bố mẹ chồng')
  add('grandparent', 'Ông', 'Bà', 'Ông nội', 'Bà nội', 'Ông ngoại', 'Bà ngoại', 'Ông/Bà', 'Ông bà')
  add('grandchild', 'Cháu', 'Cháu nội', 'Cháu ngoại', 'Chắt')
  add('sibling', 'Anh', 'Chị', 'Em', 'Anh trai', 'Chị gái', 'Em trai', 'Em gái', 'Anh/Chị/Em', 'Anh chị em')
  add('other', 'Khác', 'Người ở cùng', 'Họ hàng')
  for (const relation of RELATIONS) table[relation] = relation
  return table
})()

/**
 * Reads a relation as written in Vietnamese (any case or diacritics) or as its code.
 *
 * @example parseRelation('Con dâu') // ok('child_in_law')
 * @example parseRelation('chu ho')  // ok('head')
 */
export function parseRelation(text: string): Result<Relation> {
  const relation = WRITTEN[foldName(text)]
  return relation === undefined ? fail('relation_unknown', { relation: text, allowed: RELATIONS }) : ok(relation)
}
