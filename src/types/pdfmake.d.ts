// pdfmake 0.3's server entry ships no types; this is the small part TDCS uses.
declare module 'pdfmake' {
  interface FontFiles {
    normal: string
    bold: string
    italics: string
    bolditalics: string
  }
  interface OutputDocument {
    getBuffer(): Promise<Buffer>
  }
  interface PdfMake {
    setFonts(fonts: Record<string, FontFiles>): void
    setUrlAccessPolicy(callback: (url: string) => boolean): void
    setLocalAccessPolicy(callback: (path: string) => boolean): void
    createPdf(documentDefinition: Record<string, unknown>): OutputDocument
  }
  const pdfmake: PdfMake
  export default pdfmake
}
