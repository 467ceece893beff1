import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { formatOf, readRows, type SheetRow } from '../../src/app/households/spreadsheet.js'
import { readFirstSheet } from '../../src/app/households/xlsx-reader.js'
import type { RawCell } from '../../src/domain/households/index.js'

async function collect(rows: AsyncIterable<{ row: number; cells: readonly RawCell[] } | readonly { row: number; cells: readonly RawCell[] }[]>): Promise<SheetRow[]> {
  const out: SheetRow[] = []
  for await (const item of rows) for (const r of Array.isArray(item) ? item : [item]) out.push({ row: r.row, cells: [...r.cells] })
  return out
}
const bytes = (s: string) => new TextEncoder().encode(s)
const csv = (s: string) => collect(readRows(bytes(s), 'csv'))

describe('CSV reading', () => {
  it('reads quoted fields with delimiters, quotes and line breaks, and drops the byte order mark', async () => {
    expect(await csv('\ufeffa,b,c\r\n1,"x, ""y""\nz",3\r\n')).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1', 'x, "y"\nz', '3'] },
    ])
  })

  it('takes the delimiter the header uses: semicolons and tabs too', async () => {
    expect(await csv('Mã hộ;Họ và tên\nH1;Nguyễn Văn An')).toEqual([{ row: 1, cells: ['Mã hộ', 'Họ và tên'] }, { row: 2, cells: ['H1', 'Nguyễn Văn An'] }])
    expect(await csv('a\tb\n1\t2\n')).toEqual([{ row: 1, cells: ['a', 'b'] }, { row: 2, cells: ['1', '2'] }])
  })

  it('keeps empty cells, a trailing empty cell and blank lines', async () => {
    expect(await csv('a,b,c\n,,\n\n7,8,')).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['', '', ''] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['7', '8', ''] },
    ])
  })

  it('refuses an unterminated quote and text that is not UTF-8', async () => {
    await expect(csv('a,b\n"open,1\n')).rejects.toMatchObject({ code: 'import_file_unreadable' })
    await expect(collect(readRows(new Uint8Array([0x61, 0x2c, 0xff, 0xfe, 0x0a]), 'csv'))).rejects.toMatchObject({ code: 'import_file_unreadable' })
  })

  it('tells the formats apart by content and name', () => {
    expect(formatOf('a.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx')
    expect(formatOf('a.CSV', bytes('a,b'))).toBe('csv')
    expect(() => formatOf('a.pdf', bytes('%PDF'))).toThrow(expect.objectContaining({ code: 'import_format_unsupported' }))
  })
})

describe('xlsx reading', () => {
  async function workbook(fill: (sheet: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('Danh sách')
    fill(sheet, wb)
    wb.addWorksheet('Hướng dẫn').addRow(['not read'])
    return new Uint8Array(await wb.xlsx.writeBuffer())
  }

  it('reads strings, numbers, dates, booleans, formulas and rich text of the first sheet', async () => {
    const content = await workbook((sheet) => {
      sheet.addRow(['Mã hộ', 'Họ và tên', 'Ngày sinh', 'Số', 'Đúng', 'Công thức', 'Lỗi'])
      sheet.addRow(['H&1 <a> "q"', { richText: [{ text: 'Nguyễn ' }, { text: 'Văn An', font: { bold: true } }] }, new Date(Date.UTC(1980, 8, 5)), 20080000001, true, { formula: '1+1', result: 2 }, { error: '#N/A' }])
      const row = sheet.addRow(['H2', null, null, 12.5])
      row.getCell(3).value = 29_000
      row.getCell(3).numFmt = 'dd/mm/yyyy'
      row.getCell(8).value = 'xa'
    })
    const rows = await collect(readFirstSheet(content))
    expect(rows).toEqual([
      { row: 1, cells: ['Mã hộ', 'Họ và tên', 'Ngày sinh', 'Số', 'Đúng', 'Công thức', 'Lỗi'] },
      { row: 2, cells: ['H&1 <a> "q"', 'Nguyễn Văn An', new Date(Date.UTC(1980, 8, 5)), 20080000001, true, 2, null] },
      { row: 3, cells: ['H2', null, new Date(Date.UTC(1979, 4, 25)), 12.5, null, null, null, 'xa'] },
    ])
  })

  it('reads what the general reader reads, for shared and for inline strings', async () => {
    for (const useSharedStrings of [true, false]) {
      const chunks: Buffer[] = []
      const { PassThrough } = await import('node:stream')
      const stream = new PassThrough()
      stream.on('data', (c: Buffer) => chunks.push(c))
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings, useStyles: true })
      const sheet = writer.addWorksheet('Danh sách')
      sheet.addRow(['Mã hộ', 'Họ và tên', 'Ngày sinh (dd/mm/yyyy)']).commit()
      for (let i = 0; i < 300; i++) sheet.addRow([`H${i % 40}`, `Lò Thị Ánh ${i} & "em"`, `0${(i % 9) + 1}/02/1990`]).commit()
      sheet.commit()
      await writer.commit()
      const content = new Uint8Array(Buffer.concat(chunks))
      const fast = await collect(readFirstSheet(content))
      expect(fast).toHaveLength(301)
      expect(fast[300]).toEqual({ row: 301, cells: ['H19', 'Lò Thị Ánh 299 & "em"', '03/02/1990'] })
      // The default path (fast reader) and what the exceljs workbook model sees must agree.
      const model = new ExcelJS.Workbook()
      await model.xlsx.load(content.buffer as ArrayBuffer)
      const expected: unknown[][] = []
      model.worksheets[0]!.eachRow((row) => expected.push((row.values as unknown[]).slice(1)))
      expect(fast.map((r) => r.cells)).toEqual(expected)
      expect((await collect(readRows(content, 'xlsx'))).map((r) => r.cells)).toEqual(expected)
    }
  })

  it('reads dates of a workbook in the 1904 date system', async () => {
    const content = await workbook((sheet, wb) => {
      wb.properties.date1904 = true
      sheet.addRow([new Date(Date.UTC(2001, 0, 2))])
    })
    expect((await collect(readFirstSheet(content)))[0]?.cells).toEqual([new Date(Date.UTC(2001, 0, 2))])
  })

  it('refuses a damaged archive as unreadable', async () => {
    await expect(collect(readRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), 'xlsx'))).rejects.toMatchObject({ code: 'import_file_unreadable' })
  })
})
