// The seeded national standards as domain values, for pure tests: the same data migration 0006
// inserts, parsed by the same validator the app uses, so a test cannot drift from the seed.
import { SEED_STANDARDS } from '../../src/db/migrations/0006-poverty-standards.js'
import { STANDARD_2016_2021 } from '../../src/db/migrations/0026-poverty-standard-2016.js'
import { parseStandardRules, type PovertyStandard, type PovertyStandardRules } from '../../src/domain/poverty/index.js'
import { dong, orThrow, type LocalDate } from '../../src/domain/shared/index.js'

function seeded(code: string, id: number): PovertyStandard {
  const s = [...SEED_STANDARDS, STANDARD_2016_2021].find((x) => x.code === code)
  if (!s) throw new Error(`no seeded standard ${code}`)
  return {
    id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, scope: 'national', provinceCode: null,
    validFrom: s.validFrom as LocalDate, validTo: s.validTo as LocalDate, legalBasis: s.legalBasis,
    rules: orThrow(parseStandardRules(s.rules)),
  }
}

export const STANDARD_2022 = seeded('VN-2022-2026', 1)
export const STANDARD_2027 = seeded('VN-2027-2030', 2)
/** Decision 59/2015's standard (migration 0026): two income tiers. */
export const STANDARD_2016 = seeded('VN-2016-2021', 3)

/** A province's own standard with higher lines (e.g. Ho Chi Minh City's), on the 2022 indicators. */
export function localStandard(provinceCode: string, overrides: Partial<PovertyStandardRules> = {}, id = 10): PovertyStandard {
  return {
    id, code: `${provinceCode}-2025`, nameVi: `Chuẩn nghèo địa phương ${provinceCode}`, nameEn: `Local standard ${provinceCode}`,
    scope: 'local', provinceCode, validFrom: '2025-01-01' as LocalDate, validTo: '2026-12-31' as LocalDate, legalBasis: 'Nghị quyết HĐND tỉnh',
    rules: {
      ...STANDARD_2022.rules,
      incomeLinesDong: { rural: dong(3_000_000), urban: dong(4_000_000) },
      averageLivingLinesDong: { rural: dong(4_500_000), urban: dong(6_000_000) },
      ...overrides,
    },
  }
}

/** Every indicator of a standard answered: the first `deprived` of them deprived, the rest not. */
export function answers(standard: PovertyStandard, deprived: number): Record<string, boolean> {
  const codes = standard.rules.dimensions.flatMap((d) => d.indicators.map((i) => i.code))
  return Object.fromEntries(codes.map((code, i) => [code, i < deprived]))
}
