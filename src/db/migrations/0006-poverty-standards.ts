import { sql, type Kysely } from 'kysely'

// Frozen in time: the national multidimensional poverty standards as data (seed). Corrections
// after release are made through the app (audited), never by editing this file. The rules'
// shape is checked by parseStandardRules in src/domain/poverty/standard.ts (a test parses these).

const anyMemberLacks = (fact: string, minAgeYears: number, maxAgeYearsExclusive: number | null) => ({ kind: 'any_member_lacks', fact, minAgeYears, maxAgeYearsExclusive })

const INDICATORS = {
  employment: {
    code: 'employment', nameVi: 'Việc làm', nameEn: 'Employment',
    deprivedIfVi: 'Có ít nhất một người trong độ tuổi lao động thất nghiệp, hoặc làm công hưởng lương không có hợp đồng lao động',
    deprivedIfEn: 'At least one working-age member is unemployed, or works for wages without a labour contract',
    derivation: null,
  },
  dependants: {
    code: 'dependants', nameVi: 'Người phụ thuộc trong hộ gia đình', nameEn: 'Dependants',
    deprivedIfVi: 'Người phụ thuộc (trẻ em dưới 16 tuổi, người cao tuổi, người khuyết tật hưởng trợ cấp…) chiếm trên 50% số thành viên',
    deprivedIfEn: 'Dependants (children under 16, the elderly, people with disabilities on an allowance…) are more than 50% of the members',
    derivation: null,
  },
  nutrition: {
    code: 'nutrition', nameVi: 'Dinh dưỡng', nameEn: 'Nutrition',
    deprivedIfVi: 'Có ít nhất một trẻ em dưới 16 tuổi suy dinh dưỡng thấp còi hoặc nhẹ cân',
    deprivedIfEn: 'At least one child under 16 is stunted or underweight',
    derivation: null,
  },
  health_insurance: {
    code: 'health_insurance', nameVi: 'Bảo hiểm y tế', nameEn: 'Health insurance',
    deprivedIfVi: 'Có ít nhất một thành viên từ 6 tuổi trở lên không có bảo hiểm y tế',
    deprivedIfEn: 'At least one member aged 6 or over has no health insurance',
    derivation: anyMemberLacks('healthInsured', 6, null),
  },
  adult_education: {
    code: 'adult_education', nameVi: 'Trình độ giáo dục của người lớn', nameEn: 'Adult education',
    deprivedIfVi: 'Có ít nhất một thành viên từ 16 đến 30 tuổi không tham gia học tập và không có trình độ phù hợp với độ tuổi',
    deprivedIfEn: 'At least one member aged 16 to 30 is not in training and lacks the qualification expected for their age',
    derivation: null,
  },
  school_attendance: {
    code: 'school_attendance', nameVi: 'Tình trạng đi học của trẻ em', nameEn: 'Child school attendance',
    deprivedIfVi: 'Có ít nhất một trẻ em từ 3 đến dưới 16 tuổi không được đi học đúng bậc, cấp học',
    deprivedIfEn: 'At least one child aged 3 to under 16 does not attend school at the right level',
    derivation: anyMemberLacks('inSchool', 3, 16),
  },
  housing_quality: {
    code: 'housing_quality', nameVi: 'Chất lượng nhà ở', nameEn: 'Housing quality',
    deprivedIfVi: 'Hộ ở nhà thiếu kiên cố, nhà đơn sơ hoặc không có nhà ở',
    deprivedIfEn: 'The household lives in a makeshift or non-durable dwelling, or has none',
    derivation: null,
  },
  floor_area: {
    code: 'floor_area', nameVi: 'Diện tích nhà ở bình quân đầu người', nameEn: 'Floor area per person',
    deprivedIfVi: 'Diện tích nhà ở bình quân dưới 8 m²/người',
    deprivedIfEn: 'Floor area below 8 m² per person',
    derivation: { kind: 'floor_area_per_person_below', thresholdM2: 8 },
  },
  domestic_water: {
    code: 'domestic_water', nameVi: 'Nguồn nước sinh hoạt', nameEn: 'Domestic water',
    deprivedIfVi: 'Không tiếp cận được nguồn nước sinh hoạt an toàn',
    deprivedIfEn: 'No access to safe domestic water',
    derivation: null,
  },
  hygienic_latrine: {
    code: 'hygienic_latrine', nameVi: 'Nhà tiêu hợp vệ sinh', nameEn: 'Hygienic latrine',
    deprivedIfVi: 'Không sử dụng nhà tiêu hợp vệ sinh',
    deprivedIfEn: 'No hygienic latrine',
    derivation: null,
  },
  waste_treatment: {
    code: 'waste_treatment', nameVi: 'Thu gom, xử lý rác thải sinh hoạt', nameEn: 'Waste treatment',
    deprivedIfVi: 'Rác thải sinh hoạt của hộ không được thu gom, xử lý theo quy định',
    deprivedIfEn: 'The household\'s waste is not collected or treated as required',
    derivation: null,
  },
  telecom_use: {
    code: 'telecom_use', nameVi: 'Sử dụng dịch vụ viễn thông', nameEn: 'Telecom use',
    deprivedIfVi: 'Không có thành viên nào sử dụng dịch vụ viễn thông (internet, điện thoại)',
    deprivedIfEn: 'No member uses telecom services (internet, telephone)',
    derivation: null,
  },
  information_devices: {
    code: 'information_devices', nameVi: 'Phương tiện phục vụ tiếp cận thông tin', nameEn: 'Information devices',
    deprivedIfVi: 'Không có phương tiện tiếp cận thông tin (tivi, radio, máy tính, điện thoại…)',
    deprivedIfEn: 'No device to reach information (TV, radio, computer, phone…)',
    derivation: null,
  },
} as const

const I = INDICATORS
const dim = (code: string, nameVi: string, nameEn: string, indicators: readonly object[]) => ({ code, nameVi, nameEn, indicators })

const RULES_2022_2026 = {
  incomeLinesDong: { rural: '1500000', urban: '2000000' },
  averageLivingLinesDong: { rural: '2250000', urban: '3000000' },
  note: 'Mức sống trung bình 2.250.000 ₫ (nông thôn) / 3.000.000 ₫ (thành thị) chưa được đối chiếu với văn bản gốc [verify]. Average-living lines not yet confirmed in a primary source [verify].',
  dimensions: [
    dim('employment', 'Việc làm', 'Employment', [I.employment, I.dependants]),
    dim('health', 'Y tế', 'Health', [I.nutrition, I.health_insurance]),
    dim('education', 'Giáo dục', 'Education', [I.adult_education, I.school_attendance]),
    dim('housing', 'Nhà ở', 'Housing', [I.housing_quality, I.floor_area]),
    dim('water_sanitation', 'Nước sinh hoạt và vệ sinh', 'Water and sanitation', [I.domestic_water, I.hygienic_latrine]),
    dim('information', 'Thông tin', 'Information', [I.telecom_use, I.information_devices]),
  ],
  classification: { poorMinDeprivations: 3 },
}

const RULES_2027_2030 = {
  incomeLinesDong: { rural: '2200000', urban: '2800000' },
  averageLivingLinesDong: { rural: '3300000', urban: '4200000' },
  note:
    'Mức sống trung bình giai đoạn 2027–2030 chưa tìm thấy trong Nghị định 351/2025/NĐ-CP: tạm tính bằng 1,5 lần chuẩn nghèo như giai đoạn trước [verify]. ' +
    'Chiều thông tin còn một chỉ số (sử dụng dịch vụ viễn thông) theo tin công bố nghị định [verify]. ' +
    'Average-living lines for 2027–2030 were not found in Decree 351/2025: assumed 1.5 × the income line as before [verify]. ' +
    'The information dimension keeps one indicator (telecom use), as reported when the decree was published [verify].',
  dimensions: [
    dim('employment', 'Việc làm', 'Employment', [I.employment, I.dependants]),
    dim('health', 'Y tế', 'Health', [I.health_insurance, I.nutrition]),
    dim('education', 'Giáo dục', 'Education', [I.adult_education, I.school_attendance]),
    dim('housing', 'Nhà ở', 'Housing', [I.floor_area, I.housing_quality]),
    dim('water_sanitation', 'Nước sinh hoạt, vệ sinh và môi trường', 'Water, sanitation and environment', [I.domestic_water, I.hygienic_latrine, I.waste_treatment]),
    dim('information', 'Thông tin', 'Information', [I.telecom_use]),
  ],
  classification: { poorMinDeprivations: 3 },
}

/** Exported for tests, which classify against exactly what is seeded. */
export const SEED_STANDARDS = [
  {
    code: 'VN-2022-2026',
    nameVi: 'Chuẩn nghèo đa chiều giai đoạn 2022–2025 (áp dụng đến hết năm 2026)',
    nameEn: 'Multidimensional poverty standard 2022–2025 (kept through 2026)',
    validFrom: '2022-01-01',
    validTo: '2026-12-31',
    legalBasis:
      'Nghị định 07/2021/NĐ-CP ngày 27/01/2021 quy định chuẩn nghèo đa chiều giai đoạn 2021–2025; tiếp tục áp dụng năm 2026 theo Nghị định 351/2025/NĐ-CP ngày 30/12/2025. ' +
      'Decree 07/2021/ND-CP of 27/01/2021; kept for 2026 by Decree 351/2025/ND-CP of 30/12/2025.',
    rules: RULES_2022_2026,
  },
  {
    code: 'VN-2027-2030',
    nameVi: 'Chuẩn nghèo đa chiều giai đoạn 2027–2030',
    nameEn: 'Multidimensional poverty standard 2027–2030',
    validFrom: '2027-01-01',
    validTo: '2030-12-31',
    legalBasis: 'Nghị định 351/2025/NĐ-CP ngày 30/12/2025 quy định chuẩn nghèo đa chiều giai đoạn 2026–2030. Decree 351/2025/ND-CP of 30/12/2025.',
    rules: RULES_2027_2030,
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of SEED_STANDARDS)
    await sql`insert into poverty_standards (code, name_vi, name_en, scope, province_code, valid_from, valid_to, legal_basis, rules)
              values (${s.code}, ${s.nameVi}, ${s.nameEn}, 'national', null, ${s.validFrom}, ${s.validTo}, ${s.legalBasis}, ${JSON.stringify(s.rules)}::jsonb)`.execute(db)
}
