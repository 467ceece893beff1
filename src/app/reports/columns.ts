import type { ReportColumn } from '../../domain/reports/index.js'

// Column builders shared by the report builders of src/app/reports.

export const money = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'money' })
export const count = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'count' })
export const ratio = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'ratio' })
export const text = (key: string, vi: string, en: string): ReportColumn => ({ key, vi, en, kind: 'text' })
export const TOTAL_LABEL = 'Tổng cộng / Total'

/** The unit a report covers, resolved and checked to be in the reader's subtree. */
export interface ReportUnit {
  readonly id: number
  readonly name: string
  readonly path: string
}
