// The text a PDF shows, page by page: what the document tests (day sheets, public postings) read.
import { inflateSync } from 'node:zlib'

/**
 * The text a PDF shows, page by page: content streams inflated, each font's glyph codes mapped back
 * through its ToUnicode CMap (pdfkit writes Identity-H glyph ids, so the letters are not in the file
 * as such). Enough for pdfkit's output; not a general PDF reader.
 */
export function pdfPages(bytes: Buffer): string[] {
  const raw = bytes.toString('latin1')
  const objects = new Map<number, { dict: string; stream: Buffer | null }>()
  for (const m of raw.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) {
    const start = m.index + m[0].length
    const end = raw.indexOf('\nendobj', start)
    const body = raw.slice(start, end)
    const at = body.indexOf('\nstream\n')
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null })
      continue
    }
    const dict = body.slice(0, at)
    const length = Number(/\/Length (\d+)/.exec(dict)![1])
    let data = Buffer.from(body.slice(at + 8, at + 8 + length), 'latin1')
    if (dict.includes('/FlateDecode')) data = inflateSync(data)
    objects.set(Number(m[1]), { dict, stream: data })
  }
  const cmapOf = (id: number) => {
    const map = new Map<number, string>()
    const text = objects.get(id)!.stream!.toString('latin1')
    const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le')
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const p of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(p[1]!, 16), utf16(p[2]!))
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const lo = parseInt(r[1]!, 16)
        const hi = parseInt(r[2]!, 16)
        if (r[3]!.startsWith('[')) [...r[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, k) => map.set(lo + k, utf16(d[1]!)))
        else for (let c = lo, base = parseInt(r[3]!.slice(1, -1), 16); c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo))
      }
    }
    return map
  }
  const fonts = new Map<string, Map<number, string>>()
  for (const fontDict of raw.matchAll(/\/Font <<([^>]*)>>/g))
    for (const f of fontDict[1]!.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objects.get(Number(f[2]))!.dict
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font)
      if (toUnicode) fonts.set(f[1]!, cmapOf(Number(toUnicode[1])))
    }
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\n/.test(o.dict))
  return pages.map((page) => {
    const content = objects.get(Number(/\/Contents (\d+) 0 R/.exec(page.dict)![1]))!.stream!.toString('latin1')
    let cmap = new Map<number, string>()
    let out = ''
    for (const token of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (token[1]) cmap = fonts.get(token[1]) ?? new Map()
      const hex = token[2] !== undefined ? [...token[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : token[3]
      if (hex) for (let i = 0; i < hex.length; i += 4) out += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD'
      if (hex !== undefined) out += ' '
    }
    return out
  })
}
