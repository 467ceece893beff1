/**
 * The separator a CSV file's header line uses most: ',' (the standard), ';' (Excel in locales
 * whose decimal mark is a comma, Vietnamese among them) or tab. Quoted cells are left out of the
 * count: a separator inside quotes is text.
 *
 * @example csvSeparator('"Mã";"Tên"\n…') === ';'
 */
export function csvSeparator(text: string): ',' | ';' | '\t' {
  const end = text.search(/[\r\n]/)
  const first = (end < 0 ? text : text.slice(0, end)).replace(/"(?:[^"]|"")*"/g, '')
  const count = (sep: string) => first.split(sep).length - 1
  const candidates = [',', ';', '\t'] as const
  return candidates.reduce<',' | ';' | '\t'>((best, sep) => (count(sep) > count(best) ? sep : best), ',')
}
