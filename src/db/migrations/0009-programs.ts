import { sql, type Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: the program catalogue with dated terms, the base-rate history and capital
// sources, seeded with the national programs as of 2026 (DOMAIN.md §4). Figures marked [verify]
// in the notes were not confirmed in a primary source: administrators correct them as data.

const BASE = (percent: string) => ({ kind: 'percent_of_base', percentMicros: percent })
const FIXED = (micros: string) => ({ kind: 'fixed', yearlyMicros: micros })

interface Seed {
  code: string
  nameVi: string
  nameEn: string
  borrowerKind: 'household' | 'student' | 'worker' | 'business'
  versions: Array<{ from: string; to: string | null; legalBasis: string; note?: string; terms: Record<string, unknown> }>
}

const PROGRAMS: Seed[] = [
  {
    code: 'POOR', nameVi: 'Cho vay hộ nghèo', nameEn: 'Poor households', borrowerKind: 'household',
    versions: [{
      from: '2019-03-01', to: null, legalBasis: 'Nghị định 78/2002/NĐ-CP', note: 'Thời hạn tối đa 120 tháng từ 01/03/2019; mức tối đa 100 triệu đồng/hộ [verify văn bản quy định mức].',
      terms: { rate: BASE('1000000'), maxAmount: { basis: 'household', amountDong: '100000000' }, maxTermMonths: 120, eligibility: { householdClasses: ['poor'], groupMemberRequired: true } },
    }],
  },
  {
    code: 'NEAR_POOR', nameVi: 'Cho vay hộ cận nghèo', nameEn: 'Near-poor households', borrowerKind: 'household',
    versions: [{
      from: '2013-01-01', to: null, legalBasis: 'Quyết định 15/2013/QĐ-TTg', note: 'Thời hạn tối đa chưa xác định trong nguồn [verify]; tạm đặt 60 tháng.',
      terms: { rate: BASE('1200000'), maxAmount: { basis: 'household', amountDong: '100000000' }, maxTermMonths: 60, eligibility: { householdClasses: ['near_poor'], groupMemberRequired: true } },
    }],
  },
  {
    code: 'RECENTLY_ESCAPED', nameVi: 'Cho vay hộ mới thoát nghèo', nameEn: 'Households newly out of poverty', borrowerKind: 'household',
    versions: [{
      from: '2015-07-01', to: null, legalBasis: 'Quyết định 28/2015/QĐ-TTg, sửa đổi bởi Quyết định 02/2021/QĐ-TTg',
      terms: { rate: BASE('1250000'), maxAmount: { basis: 'household', amountDong: '100000000' }, maxTermMonths: 60, eligibility: { householdClasses: ['recently_escaped'], groupMemberRequired: true } },
    }],
  },
  {
    code: 'STUDENT', nameVi: 'Cho vay học sinh, sinh viên', nameEn: 'Students', borrowerKind: 'student',
    versions: [{
      from: '2022-08-01', to: null, legalBasis: 'Quyết định 157/2007/QĐ-TTg, sửa đổi bởi Quyết định 05/2022/QĐ-TTg', note: 'Thời hạn = thời gian học + thời gian trả nợ; tạm đặt tối đa 180 tháng, ân hạn đến 12 tháng sau tốt nghiệp [verify].',
      terms: { rate: BASE('1000000'), maxAmount: { basis: 'study_month', amountDong: '4000000' }, maxTermMonths: 180, graceMonthsMax: 72, eligibility: { householdClasses: ['poor', 'near_poor', 'average_living'] } },
    }],
  },
  {
    code: 'JOB_CREATION', nameVi: 'Cho vay hỗ trợ tạo việc làm', nameEn: 'Job creation', borrowerKind: 'worker',
    versions: [
      {
        from: '2015-07-01', to: '2025-12-31', legalBasis: 'Nghị định 61/2015/NĐ-CP, sửa đổi bởi Nghị định 74/2019/NĐ-CP', note: 'Lãi suất bằng lãi suất cho vay hộ cận nghèo; 100 triệu/người lao động, 2 tỷ/cơ sở.',
        terms: { rate: BASE('1200000'), maxAmount: { basis: 'worker', amountDong: '100000000' }, maxTermMonths: 120 },
      },
      {
        from: '2026-01-01', to: null, legalBasis: 'Nghị định 338/2025/NĐ-CP', note: '127% lãi suất hộ nghèo (đối tượng ưu tiên bằng lãi suất hộ nghèo); 200 triệu/người lao động, 10 tỷ/cơ sở.',
        terms: { rate: BASE('1270000'), maxAmount: { basis: 'worker', amountDong: '200000000' }, maxTermMonths: 120 },
      },
    ],
  },
  {
    code: 'OVERSEAS_WORKERS', nameVi: 'Cho vay người lao động đi làm việc ở nước ngoài', nameEn: 'Overseas contract workers', borrowerKind: 'worker',
    versions: [{
      from: '2026-01-01', to: null, legalBasis: 'Nghị định 338/2025/NĐ-CP', note: 'Tối đa 100% chi phí đi làm việc ở nước ngoài; trên 200 triệu cần bảo đảm tiền vay [verify trần].',
      terms: { rate: BASE('1270000'), maxAmount: { basis: 'worker', amountDong: '200000000' }, maxTermMonths: 60 },
    }],
  },
  {
    code: 'CLEAN_WATER', nameVi: 'Cho vay nước sạch và vệ sinh môi trường nông thôn', nameEn: 'Rural clean water and sanitation', borrowerKind: 'household',
    versions: [{
      from: '2024-09-02', to: null, legalBasis: 'Quyết định 10/2024/QĐ-TTg',
      terms: { rate: FIXED('90000'), maxAmount: { basis: 'purpose', amountDong: '25000000' }, maxTermMonths: 60, eligibility: { residence: ['rural'] } },
    }],
  },
  {
    code: 'HOUSING_POOR', nameVi: 'Cho vay nhà ở hộ nghèo', nameEn: 'Housing for poor households', borrowerKind: 'household',
    versions: [{
      from: '2015-08-10', to: null, legalBasis: 'Quyết định 33/2015/QĐ-TTg',
      terms: { rate: FIXED('30000'), maxAmount: { basis: 'household', amountDong: '25000000' }, maxTermMonths: 180, graceMonthsMax: 60, instalmentIntervalMonths: 12, eligibility: { householdClasses: ['poor'] } },
    }],
  },
  {
    code: 'SOCIAL_HOUSING', nameVi: 'Cho vay nhà ở xã hội', nameEn: 'Social housing', borrowerKind: 'household',
    versions: [
      {
        from: '2024-08-01', to: '2025-10-09', legalBasis: 'Nghị định 100/2024/NĐ-CP',
        terms: { rate: FIXED('66000'), maxAmount: { basis: 'contract_share', amountDong: '800000' }, maxTermMonths: 300, instalmentIntervalMonths: 1 },
      },
      {
        from: '2025-10-10', to: null, legalBasis: 'Nghị định 261/2025/NĐ-CP sửa đổi Nghị định 100/2024/NĐ-CP', note: 'Áp dụng cả cho hợp đồng đang có dư nợ từ 10/10/2025. Mức cho vay tính bằng phần triệu của giá hợp đồng (800000 = 80%).',
        terms: { rate: FIXED('54000'), maxAmount: { basis: 'contract_share', amountDong: '800000' }, maxTermMonths: 300, instalmentIntervalMonths: 1, repriceExisting: true },
      },
    ],
  },
  {
    code: 'DIFFICULT_AREAS', nameVi: 'Cho vay hộ sản xuất kinh doanh tại vùng khó khăn', nameEn: 'Households in difficult areas', borrowerKind: 'household',
    versions: [{
      from: '2023-05-01', to: null, legalBasis: 'Quyết định 31/2007/QĐ-TTg, sửa đổi bởi Quyết định 17/2023/QĐ-TTg', note: 'Thời hạn tối đa 60 tháng [verify].',
      terms: {
        rate: FIXED('90000'), maxAmount: { basis: 'household', amountDong: '100000000' }, maxTermMonths: 60,
        eligibility: { listedAreasOnly: true, excludedClasses: ['poor', 'near_poor', 'recently_escaped'], excludesOutstandingPrograms: ['JOB_CREATION', 'POOR', 'NEAR_POOR', 'RECENTLY_ESCAPED'] },
      },
    }],
  },
  {
    code: 'EM_HOUSING', nameVi: 'Cho vay nhà ở hộ dân tộc thiểu số và miền núi', nameEn: 'Ethnic-minority and mountain housing', borrowerKind: 'household',
    versions: [{
      from: '2022-04-10', to: null, legalBasis: 'Nghị định 28/2022/NĐ-CP',
      terms: { rate: FIXED('30000'), maxAmount: { basis: 'household', amountDong: '40000000' }, maxTermMonths: 180, eligibility: { householdClasses: ['poor'] } },
    }],
  },
  {
    code: 'EM_PRODUCTION', nameVi: 'Cho vay sản xuất hộ dân tộc thiểu số và miền núi', nameEn: 'Ethnic-minority and mountain production', borrowerKind: 'household',
    versions: [{
      from: '2022-04-10', to: null, legalBasis: 'Nghị định 28/2022/NĐ-CP',
      terms: { rate: FIXED('33000'), maxAmount: { basis: 'household', amountDong: '100000000' }, maxTermMonths: 120, eligibility: { householdClasses: ['poor'] } },
    }],
  },
  {
    code: 'RELEASED_PRISONERS', nameVi: 'Cho vay người chấp hành xong án phạt tù', nameEn: 'People released from prison', borrowerKind: 'worker',
    versions: [{
      from: '2023-07-01', to: null, legalBasis: 'Quyết định 22/2023/QĐ-TTg',
      terms: { rate: BASE('1000000'), maxAmount: { basis: 'worker', amountDong: '100000000' }, maxTermMonths: 120 },
    }],
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table base_rates (
       valid_from date primary key,
       yearly_micros bigint not null check (yearly_micros > 0 and yearly_micros < 1000000),
       legal_basis text not null,
       note text
     )`,
    `insert into base_rates (valid_from, yearly_micros, legal_basis, note) values
       ('2013-01-01', 66000, 'Lãi suất cho vay hộ nghèo 0,55%/tháng (6,6%/năm)',
        '[verify] số hiệu văn bản và ngày áp dụng; quản trị viên cập nhật khi lãi suất thay đổi')`,

    `create table capital_sources (
       code text primary key check (code ~ '^[A-Z0-9_]{2,40}$'),
       name_vi text not null,
       name_en text not null,
       kind text not null check (kind in ('central', 'local')),
       owner_unit_id integer references units(id),
       province_code text,
       created_at timestamptz not null default now(),
       check ((kind = 'local') = (owner_unit_id is not null))
     )`,
    `insert into capital_sources (code, name_vi, name_en, kind) values ('CENTRAL', 'Nguồn vốn Trung ương', 'Central capital', 'central')`,

    `create table programs (
       code text primary key check (code ~ '^[A-Z0-9_]{2,40}$'),
       name_vi text not null,
       name_en text not null,
       borrower_kind text not null check (borrower_kind in ('household', 'student', 'worker', 'business')),
       active boolean not null default true,
       created_at timestamptz not null default now()
     )`,
    `create table program_terms (
       id integer generated by default as identity primary key,
       program_code text not null references programs(code),
       valid_from date not null,
       valid_to date,
       legal_basis text not null check (length(legal_basis) > 0),
       note text,
       terms jsonb not null,
       created_at timestamptz not null default now(),
       unique (program_code, valid_from),
       check (valid_to is null or valid_to >= valid_from)
     )`,
  ])
  for (const p of PROGRAMS) {
    await sql`insert into programs (code, name_vi, name_en, borrower_kind) values (${p.code}, ${p.nameVi}, ${p.nameEn}, ${p.borrowerKind})`.execute(db)
    for (const v of p.versions)
      await sql`insert into program_terms (program_code, valid_from, valid_to, legal_basis, note, terms)
                values (${p.code}, ${v.from}::date, ${v.to}::date, ${v.legalBasis}, ${v.note ?? null}, ${JSON.stringify(v.terms)}::jsonb)`.execute(db)
  }
}
