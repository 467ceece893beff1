/** How big a simulated province is: the scales `tdcs demo seed --scale` offers. */
export interface DemoScale {
  readonly name: DemoScaleName
  readonly communes: number
  readonly households: number
  readonly years: number
  readonly villagesPerCommune: number
  /** Transaction points per commune (each with its monthly day). */
  readonly pointsPerCommune: number
  /** Before the monthly window, loans pay every this many months (one repayment event covering them). */
  readonly coarseRepayMonths: number
  /** Inside the monthly window, loans pay every this many months (1: on every transaction day). */
  readonly windowRepayMonths: number
  /** The last months simulated month by month, with month-end accruals and portfolio snapshots. */
  readonly monthlyWindowMonths: number
  /** Communes per transaction office. */
  readonly communesPerOffice: number
}

export const DEMO_SCALE_NAMES = ['tiny', 'small', 'province', 'national-slice'] as const
export type DemoScaleName = (typeof DEMO_SCALE_NAMES)[number]

export const DEMO_SCALES: Readonly<Record<DemoScaleName, DemoScale>> = {
  /** For tests: seconds, not minutes. */
  tiny: { name: 'tiny', communes: 2, households: 160, years: 3, villagesPerCommune: 3, pointsPerCommune: 1, coarseRepayMonths: 3, windowRepayMonths: 1, monthlyWindowMonths: 13, communesPerOffice: 2 },
  small: { name: 'small', communes: 5, households: 3000, years: 3, villagesPerCommune: 6, pointsPerCommune: 1, coarseRepayMonths: 6, windowRepayMonths: 1, monthlyWindowMonths: 13, communesPerOffice: 3 },
  province: { name: 'province', communes: 65, households: 200_000, years: 10, villagesPerCommune: 12, pointsPerCommune: 2, coarseRepayMonths: 12, windowRepayMonths: 3, monthlyWindowMonths: 13, communesPerOffice: 6 },
  'national-slice': { name: 'national-slice', communes: 130, households: 400_000, years: 5, villagesPerCommune: 12, pointsPerCommune: 2, coarseRepayMonths: 12, windowRepayMonths: 3, monthlyWindowMonths: 13, communesPerOffice: 6 },
}

export const isDemoScaleName = (v: string): v is DemoScaleName => (DEMO_SCALE_NAMES as readonly string[]).includes(v)
