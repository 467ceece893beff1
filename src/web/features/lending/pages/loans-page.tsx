import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { LoanDetailView } from '../components/loan-detail.js'
import { LoanList } from '../components/loan-list.js'

/** Khoản vay: the list; ?id=N opens a loan with its balances, schedule, events and postings. */
export function LoansPage() {
  const id = new URLSearchParams(useSearch()).get('id')
  if (id !== null && /^\d{1,18}$/.test(id)) return <LoanDetailView id={id} onBack={() => navigate(PATHS.loans)} />
  return <LoanList onOpen={(loanId) => navigate(`${PATHS.loans}?id=${loanId}`)} />
}
