import { sql, type Kysely } from 'kysely'

// Frozen in time: the national poverty standard of 2016–2020 (Decision 59/2015/QĐ-TTg), kept for
// 2021, as data. Without it, households could be classed only from 2022 on, and a report over
// "2014–2024" (Lạng Sơn's Directive 40 summary) had no poverty rate before 2022.
//
// Its classification has two tiers, which the rules express with `poorIncomeLinesDong`
// (src/domain/poverty/standard.ts): income at or below 700.000 ₫ (rural) / 900.000 ₫ (urban) per
// person per month is poor whatever the deprivations; up to the near-poor line of 1.000.000 ₫ /
// 1.300.000 ₫ a household is poor when deprived in 3 or more of the 10 indicators, near-poor with
// fewer. Average living standard: up to 1.500.000 ₫ / 1.950.000 ₫. Five dimensions, ten indicators.
// Corrections after release go through the app (audited), never by editing this file.

const anyMemberLacks = (fact: string, minAgeYears: number, maxAgeYearsExclusive: number | null) => ({ kind: 'any_member_lacks', fact, minAgeYears, maxAgeYearsExclusive })

const indicator = (code: string, nameVi: string, nameEn: string, deprivedIfVi: string, deprivedIfEn: string, derivation: object | null = null) =>
  ({ code, nameVi, nameEn, deprivedIfVi, deprivedIfEn, derivation })

const RULES_2016_2020 = {
  incomeLinesDong: { rural: '1000000', urban: '1300000' },
  averageLivingLinesDong: { rural: '1500000', urban: '1950000' },
  note:
    'Chuẩn cận nghèo 1.000.000 ₫ / 1.300.000 ₫; thu nhập không vượt 700.000 ₫ / 900.000 ₫ là hộ nghèo không xét thiếu hụt (Điều 2 Quyết định 59/2015/QĐ-TTg). ' +
    'Việc tiếp tục áp dụng trong năm 2021 cần đối chiếu điều khoản văn bản gốc [verify]. ' +
    'Near-poor line 1,000,000 / 1,300,000 VND; income at or below 700,000 / 900,000 VND is poor whatever the deprivations (Decision 59/2015/QD-TTg art. 2). ' +
    'The provision keeping it for 2021 is to be checked against the primary text [verify].',
  dimensions: [
    {
      code: 'education', nameVi: 'Giáo dục', nameEn: 'Education',
      indicators: [
        indicator('adult_education', 'Trình độ giáo dục của người lớn', 'Adult education',
          'Có ít nhất một thành viên từ 15 đến dưới 30 tuổi không hoàn thành chương trình trung học cơ sở và hiện không đi học',
          'At least one member aged 15 to under 30 has not completed lower secondary school and is not in school'),
        indicator('school_attendance', 'Tình trạng đi học của trẻ em', 'Child school attendance',
          'Có ít nhất một trẻ em từ 5 đến dưới 15 tuổi hiện không đi học',
          'At least one child aged 5 to under 15 is not in school', anyMemberLacks('inSchool', 5, 15)),
      ],
    },
    {
      code: 'health', nameVi: 'Y tế', nameEn: 'Health',
      indicators: [
        indicator('health_services', 'Tiếp cận các dịch vụ y tế', 'Access to health services',
          'Có người bị ốm đau nhưng không đi khám chữa bệnh (ốm đau phải nằm một chỗ hoặc phải có người chăm sóc)',
          'A member was ill (bedridden or needing care) and did not seek treatment'),
        indicator('health_insurance', 'Bảo hiểm y tế', 'Health insurance',
          'Có ít nhất một thành viên từ 6 tuổi trở lên không có bảo hiểm y tế',
          'At least one member aged 6 or over has no health insurance', anyMemberLacks('healthInsured', 6, null)),
      ],
    },
    {
      code: 'housing', nameVi: 'Nhà ở', nameEn: 'Housing',
      indicators: [
        indicator('housing_quality', 'Chất lượng nhà ở', 'Housing quality',
          'Hộ đang ở nhà thiếu kiên cố hoặc nhà đơn sơ',
          'The household lives in a non-durable or makeshift dwelling'),
        indicator('floor_area', 'Diện tích nhà ở bình quân đầu người', 'Floor area per person',
          'Diện tích nhà ở bình quân đầu người dưới 8 m²',
          'Floor area below 8 m² per person', { kind: 'floor_area_per_person_below', thresholdM2: 8 }),
      ],
    },
    {
      code: 'water_sanitation', nameVi: 'Điều kiện sống', nameEn: 'Living conditions',
      indicators: [
        indicator('domestic_water', 'Nguồn nước sinh hoạt', 'Domestic water',
          'Hộ không được tiếp cận nguồn nước hợp vệ sinh',
          'The household has no access to a hygienic water source'),
        indicator('hygienic_latrine', 'Hố xí/nhà tiêu hợp vệ sinh', 'Hygienic latrine',
          'Hộ không sử dụng hố xí/nhà tiêu hợp vệ sinh',
          'The household does not use a hygienic latrine'),
      ],
    },
    {
      code: 'information', nameVi: 'Tiếp cận thông tin', nameEn: 'Access to information',
      indicators: [
        indicator('telecom_use', 'Sử dụng dịch vụ viễn thông', 'Telecom use',
          'Hộ không có thành viên nào sử dụng thuê bao điện thoại và internet',
          'No member has a telephone or internet subscription'),
        indicator('information_assets', 'Tài sản phục vụ tiếp cận thông tin', 'Assets to reach information',
          'Hộ không có tài sản nào trong số các tài sản: tivi, radio, máy tính, và không nghe được hệ thống loa đài truyền thanh xã/thôn',
          'The household has none of a TV, radio or computer and cannot hear the commune/village loudspeakers'),
      ],
    },
  ],
  classification: { poorMinDeprivations: 3, poorIncomeLinesDong: { rural: '700000', urban: '900000' } },
}

/** Exported for tests, which classify against exactly what is seeded. */
export const STANDARD_2016_2021 = {
  code: 'VN-2016-2021',
  nameVi: 'Chuẩn nghèo tiếp cận đa chiều giai đoạn 2016–2020 (áp dụng đến hết năm 2021)',
  nameEn: 'Multidimensional poverty standard 2016–2020 (kept through 2021)',
  validFrom: '2016-01-01',
  validTo: '2021-12-31',
  legalBasis:
    'Quyết định 59/2015/QĐ-TTg ngày 19/11/2015 ban hành chuẩn nghèo tiếp cận đa chiều áp dụng cho giai đoạn 2016–2020; tiếp tục áp dụng năm 2021 trước khi Nghị định 07/2021/NĐ-CP áp dụng từ năm 2022. ' +
    'Decision 59/2015/QD-TTg of 19/11/2015; kept for 2021, before Decree 07/2021/ND-CP applied from 2022.',
  rules: RULES_2016_2020,
} as const

export async function up(db: Kysely<any>): Promise<void> {
  const s = STANDARD_2016_2021
  await sql`insert into poverty_standards (code, name_vi, name_en, scope, province_code, valid_from, valid_to, legal_basis, rules)
            values (${s.code}, ${s.nameVi}, ${s.nameEn}, 'national', null, ${s.validFrom}, ${s.validTo}, ${s.legalBasis}, ${JSON.stringify(s.rules)}::jsonb)`.execute(db)
}
