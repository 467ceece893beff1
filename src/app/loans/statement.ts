import { formatDong, formatVnDate, type Dong, type LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { renderPdf } from '../pdf.js'
import { getLoan } from './queries.js'

const money = (v: bigint) => formatDong(v as Dong)
const date = (v: string | null) => (v ? formatVnDate(v as LocalDate) : '')

const EVENT_NAMES: Record<string, string> = {
  disburse: 'Giải ngân', repay: 'Trả nợ', accrue: 'Tính lãi', mark_overdue: 'Chuyển nợ quá hạn', extend: 'Gia hạn nợ', adjust_term: 'Điều chỉnh kỳ hạn',
  freeze: 'Khoanh nợ', unfreeze: 'Hết khoanh nợ', write_off: 'Xóa nợ', recall: 'Thu hồi trước hạn', cancel_undisbursed: 'Hủy phần chưa giải ngân',
}

/**
 * The borrower statement (sao kê khoản vay) as a PDF: the contract, balances, the schedule and every
 * event with its amount, in Vietnamese with dd/mm/yyyy dates and 1.500.000 ₫ amounts.
 */
export async function loanStatementPdf(db: Executor, ctx: RequestContext): Promise<(loanId: bigint) => Promise<Buffer>> {
  return async (loanId) => {
    const { loan, instalments, events } = await getLoan(db, ctx, loanId)
    const outstanding = loan.principal_in_term_dong + loan.principal_overdue_dong + loan.principal_frozen_dong
    const payloadAmount = (p: unknown) => {
      const v = (p as { amountDong?: string; principalDong?: string }) ?? {}
      return v.amountDong ?? v.principalDong
    }
    return renderPdf({
      info: { title: `Sao kê khoản vay số ${loan.id}` },
      content: [
        { text: 'NGÂN HÀNG CHÍNH SÁCH XÃ HỘI', bold: true, fontSize: 10 },
        { text: `SAO KÊ KHOẢN VAY SỐ ${loan.id}`, bold: true, fontSize: 14, alignment: 'center', margin: [0, 12, 0, 12] },
        {
          table: {
            widths: [140, '*'],
            body: [
              ['Người vay (chủ hộ)', `${loan.head_name ?? ''} — hộ ${loan.household_code}`],
              ['Xã', loan.commune_name],
              ['Chương trình', loan.program_name],
              ['Ngày hợp đồng', date(loan.contract_date)],
              ['Số tiền được duyệt', money(loan.approved_dong)],
              ['Đã giải ngân', money(loan.disbursed_dong)],
              ['Dư nợ (trong hạn / quá hạn / khoanh)', `${money(outstanding)} (${money(loan.principal_in_term_dong)} / ${money(loan.principal_overdue_dong)} / ${money(loan.principal_frozen_dong)})`],
              ['Lãi phải trả (trong hạn / quá hạn)', `${money(loan.interest_dong)} / ${money(loan.overdue_interest_dong)}`],
              ['Lãi đã tính đến hết ngày', loan.accrued_until ? date(loan.accrued_until) : '—'],
            ],
          },
          layout: 'lightHorizontalLines',
        },
        { text: 'Lịch trả nợ gốc', bold: true, margin: [0, 14, 0, 6] },
        {
          table: {
            headerRows: 1, widths: [30, 70, 70, '*', '*', 70],
            body: [
              ['Kỳ', 'Hạn trả', 'Gia hạn đến', 'Gốc phải trả', 'Gốc đã trả', 'Trạng thái'],
              ...instalments.map((i) => [String(i.seq), date(i.due_date), date(i.extended_to), money(i.principal_due_dong), money(i.principal_paid_dong),
                i.status === 'paid' ? 'Đã trả' : i.status === 'overdue' ? 'Quá hạn' : 'Chưa đến hạn']),
            ],
          },
          layout: 'lightHorizontalLines',
        },
        { text: 'Các nghiệp vụ', bold: true, margin: [0, 14, 0, 6] },
        {
          table: {
            headerRows: 1, widths: [70, '*', 110],
            body: [
              ['Ngày', 'Nghiệp vụ', 'Số tiền'],
              ...events.map((e) => { const a = payloadAmount(e.payload); return [date(e.event_date), EVENT_NAMES[e.type] ?? e.type, a ? money(BigInt(a)) : ''] }),
            ],
          },
          layout: 'lightHorizontalLines',
        },
        { text: `In ngày ${formatVnDate(new Date(ctx.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10) as LocalDate)} — người in: ${ctx.actor.username}`, italics: true, margin: [0, 16, 0, 0] },
      ],
    })
  }
}
