// The strings of the reports page, Vietnamese first. Composed into the one dictionary in i18n.tsx
// under `reports`. Column headings come with the report itself (Vietnamese and English).

export const reportsVi = {
  menu: 'Báo cáo',
  title: 'Báo cáo tổng hợp',
  report: 'Báo cáo',
  names: { portfolio: 'Dư nợ', turnover: 'Doanh số cho vay, thu nợ', quality: 'Chất lượng tín dụng', outcomes: 'Kết quả Chỉ thị 40', 'fund-statement': 'Sao kê nguồn vốn', 'plan-vs-actual': 'Thực hiện kế hoạch' } as Record<string, string>,
  unit: 'Đơn vị',
  date: 'Ngày báo cáo',
  dateHint: 'Hôm nay, hoặc ngày cuối một tháng đã khóa sổ',
  period: 'Kỳ báo cáo',
  by: 'Phân tổ theo',
  dimensions: { program: 'Chương trình', unit: 'Đơn vị', organisation: 'Hội đoàn thể', group: 'Tổ TK&VV', capital_source: 'Nguồn vốn' } as Record<string, string>,
  show: 'Xem báo cáo',
  excel: 'Tải Excel',
  pdf: 'Tải PDF',
  total: 'Tổng cộng',
  empty: 'Không có số liệu.',
  source: { current: 'Số dư hiện tại', snapshot: 'Số liệu chốt cuối tháng', postings: 'Bút toán theo ngày hạch toán', aggregate: 'Số liệu tổng hợp cuối tháng', 'aggregates+postings': 'Số liệu tổng hợp tháng và bút toán', ledger: 'Sổ cái' } as Record<string, string>,
  capitalSource: 'Nguồn vốn',
  year: 'Năm kế hoạch',
  quarter: 'Quý',
  wholeYear: 'Cả năm',
  asOf: 'Đến ngày',
  povertyChart: 'Tỷ lệ hộ nghèo theo năm (%)',
}

export type ReportsDictionary = typeof reportsVi

export const reportsEn: ReportsDictionary = {
  menu: 'Reports',
  title: 'Standard reports',
  report: 'Report',
  names: { portfolio: 'Portfolio', turnover: 'Turnover', quality: 'Credit quality', outcomes: 'Directive 40 outcomes', 'fund-statement': 'Fund statement', 'plan-vs-actual': 'Plan vs actual' },
  unit: 'Unit',
  date: 'Report date',
  dateHint: 'Today, or the last day of a closed month',
  period: 'Period',
  by: 'Group by',
  dimensions: { program: 'Program', unit: 'Unit', organisation: 'Organisation', group: 'Savings group', capital_source: 'Capital source' },
  show: 'Show report',
  excel: 'Download Excel',
  pdf: 'Download PDF',
  total: 'Total',
  empty: 'No data.',
  source: { current: 'Current balances', snapshot: 'Month-end snapshot', postings: 'Postings by entry date', aggregate: 'Month-end aggregates', 'aggregates+postings': 'Monthly aggregates and postings', ledger: 'Ledger' },
  capitalSource: 'Capital source',
  year: 'Plan year',
  quarter: 'Quarter',
  wholeYear: 'Whole year',
  asOf: 'As of',
  povertyChart: 'Poverty rate by year (%)',
}
