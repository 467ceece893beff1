// Dates of the registry: the API speaks ISO calendar dates ('1980-09-05'), people read and type
// dd/mm/yyyy. These are calendar dates, never instants, so no time zone is involved.
import { parseVnDate } from '../../../domain/shared/index.js'

/** '1980-09-05' → '05/09/1980'; anything else is shown as it came. */
export function isoToVn(date: string | null | undefined): string {
  if (!date) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date
}

/** '5/9/1980' → '1980-09-05'; undefined for text that is not a real date. */
export function vnToIso(text: string): string | undefined {
  const parsed = parseVnDate(text)
  return parsed.ok ? parsed.value : undefined
}
