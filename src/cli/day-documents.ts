import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { pino } from 'pino'
import { configFromEnv } from '../app/config.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { dispatchDayNotices, logNoticeSender, queueNotices } from '../app/transaction-day/notices.js'
import { daySheetPdf, daySheetXlsx } from '../app/transaction-day/print.js'
import { EXIT } from './exit-codes.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>
type Values = Record<string, string | boolean | undefined>

export const DAY_PRINT_HELP = `tdcs day print <dayId> --pdf FILE [--group ID] [--xlsx FILE]

Writes the interest and savings collection list of a transaction day (form 13/TD): the PDF with a
page per group (or only --group), and/or the Excel workbook with a summary sheet and a worksheet
per group. Runs on the server's console as 'system'.`

export const DAY_NOTICES_HELP = `tdcs day notices <dayId> [--send]

Queues a notice to every borrowing household of the day (once per household: running it again adds
nothing); a household whose head has no phone number is recorded as skipped. With --send, the queued
notices are then sent through the built-in sender, which writes each message to the log (stderr) and
calls no gateway. Runs on the server's console as 'system'.`

const text = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
const ID = /^[1-9][0-9]{0,17}$/

export async function dayPrint(v: Values, positionals: readonly string[], open: Open): Promise<number> {
  const [dayId] = positionals
  const pdfFile = text(v, 'pdf')
  const xlsxFile = text(v, 'xlsx')
  const group = text(v, 'group')
  if (positionals.length !== 1 || !ID.test(dayId ?? '') || (pdfFile === undefined && xlsxFile === undefined) || (group !== undefined && !ID.test(group))) {
    console.error(`Give one day id and at least one of --pdf or --xlsx.\n\n${DAY_PRINT_HELP}`)
    return EXIT.usage
  }
  return open(async (app) => {
    const ctx = systemContext(`cli-${randomUUID()}`)
    if (pdfFile !== undefined) {
      await writeFile(pdfFile, await daySheetPdf(app.db, ctx, BigInt(dayId!), { groupId: group === undefined ? undefined : BigInt(group) }))
      console.log(`Wrote form 13/TD (PDF) to ${pdfFile}`)
    }
    if (xlsxFile !== undefined) {
      await writeFile(xlsxFile, await daySheetXlsx(app.db, ctx, BigInt(dayId!)))
      console.log(`Wrote the day sheet workbook to ${xlsxFile}`)
    }
    return EXIT.ok
  })
}

export async function dayNotices(v: Values, positionals: readonly string[], open: Open): Promise<number> {
  const [dayId] = positionals
  if (positionals.length !== 1 || !ID.test(dayId ?? '')) {
    console.error(`Give one day id.\n\n${DAY_NOTICES_HELP}`)
    return EXIT.usage
  }
  return open(async (app) => {
    const ctx = systemContext(`cli-${randomUUID()}`)
    const report = await queueNotices(app.db, ctx, BigInt(dayId!))
    console.log(`Borrowing households: ${report.borrowers}; new notices: ${report.created} (queued ${report.queued}, skipped without a phone ${report.skipped}); already there: ${report.existing}`)
    if (v.send === true) {
      const log = pino({ level: configFromEnv().logLevel }, pino.destination(2))
      const sent = await dispatchDayNotices(app.db, ctx, BigInt(dayId!), logNoticeSender(log), { limit: 1000 })
      console.log(`Sent: ${sent.sent}; failed: ${sent.failed}`)
    }
    return EXIT.ok
  })
}
