import { createRequire } from 'node:module'
import path from 'node:path'
import pdfmake from 'pdfmake'

const require = createRequire(import.meta.url)
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto')

let configured = false

/**
 * Renders a pdfmake document to a PDF. Roboto (shipped with pdfmake) has every Vietnamese glyph;
 * the renderer may read only those font files and fetch no URL, so a document cannot pull data in.
 */
export async function renderPdf(documentDefinition: Record<string, unknown>): Promise<Buffer> {
  if (!configured) {
    pdfmake.setFonts({
      Roboto: {
        normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
        bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
        italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
        bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
      },
    })
    pdfmake.setUrlAccessPolicy(() => false)
    pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_DIR))
    configured = true
  }
  return pdfmake.createPdf({ defaultStyle: { font: 'Roboto', fontSize: 9 }, pageSize: 'A4', pageMargins: [36, 40, 36, 40], ...documentDefinition }).getBuffer()
}
