// A tiny router over window.history: the app has a handful of flat paths, which does not justify
// a routing library. navigate() pushes a path and notifies usePathname() subscribers.
import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react'

export const PATHS = {
  dashboard: '/',
  login: '/login',
  units: '/units',
  users: '/users',
  approvals: '/approvals',
  audit: '/audit',
  households: '/households',
  poverty: '/poverty',
  places: '/places',
  network: '/network',
  programs: '/programs',
  loanApplications: '/loan-applications',
  loans: '/loans',
  monthEnd: '/month-end',
  // -- network groups --
  groups: '/groups',
  organisations: '/organisations',
  // -- fees --
  fees: '/fees',
  // -- transaction day --
  transactionDays: '/transaction-days',
  // -- takeover --
  takeover: '/capital/takeover',
  // -- plans --
  plans: '/plans',
  // -- capital --
  capital: '/capital',
  // -- reports --
  reports: '/reports',
  // -- supervision --
  supervision: '/supervision/flags',
  // -- inspections --
  inspections: '/supervision/inspections',
  // -- dashboards: the public page of a province, /public/<provinceCode>, needs no login --
  publicProvince: '/public',
} as const

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

const currentLocation = () => window.location.pathname + window.location.search

/** Goes to a path of the app without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  for (const listener of listeners) listener()
}

/** The current path (e.g. '/users'), re-rendering on every navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

/** The current query string (e.g. '?next=%2Fusers'). */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search)
}

/** An <a> that navigates inside the app; modified clicks (new tab, …) keep the browser's behaviour. */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} onClick={onClick}>
      {children}
    </a>
  )
}
