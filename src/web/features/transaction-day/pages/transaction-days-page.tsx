import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { DayDetailView } from '../components/day-detail.js'
import { DayList } from '../components/day-list.js'

/** Ngày giao dịch: the list; ?id=N opens a day with its cash book, sheet, captures and flags. */
export function TransactionDaysPage() {
  const id = new URLSearchParams(useSearch()).get('id')
  if (id !== null && /^\d{1,18}$/.test(id)) return <DayDetailView id={id} onBack={() => navigate(PATHS.transactionDays)} />
  return <DayList onOpen={(dayId) => navigate(`${PATHS.transactionDays}?id=${dayId}`)} />
}
