import { assert, csvSeparator } from '../shared/index.js'

/**
 * Splits CSV text into rows of cells (RFC 4180: quoted cells may hold the separator, quotes
 * doubled, line breaks). The separator is the one of `,` `;` or tab that occurs most often in
 * the first line — spreadsheets saved with a Vietnamese locale use `;`. A UTF-8 BOM is dropped.
 *
 * @example parseCsv('Mã tỉnh;Tên tỉnh\n"01";"Thành phố Hà Nội"') → [['Mã tỉnh', 'Tên tỉnh'], ['01', 'Thành phố Hà Nội']]
 */
export function parseCsv(input: string, maxRows: number): string[][] | undefined {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const separator = csvSeparator(text)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  // One pass over the characters: the loop is bounded by the text's length.
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
        continue
      }
      if (ch === '"') quoted = false
      else cell += ch
      i++
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === separator) {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell)
      rows.push(row)
      if (rows.length > maxRows) return undefined
      row = []
      cell = ''
      if (ch === '\r' && text[i + 1] === '\n') i++
    } else {
      cell += ch
    }
    i++
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  assert(rows.length <= maxRows + 1, 'parseCsv overran its bound')
  return rows.length > maxRows ? undefined : rows
}

