// Who is logged in. The session itself is an http-only cookie the page cannot read; what the page
// keeps is the user from /auth/me or /auth/login and the CSRF token it must echo on every write.
import { useQueryClient } from '@tanstack/react-query'
import { App } from 'antd'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Permission } from '../../domain/access/index.js'
import { api, ApiError, setCsrfToken, setNotAuthenticatedHandler } from './api-client.js'
import { useLanguage, useT } from './i18n.js'
import { navigate, PATHS } from './router.js'
import type { Locale, Me, Session } from './types.js'

type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'anonymous' }
  | { readonly status: 'failed'; readonly error: unknown }
  | { readonly status: 'authenticated'; readonly session: Session }

interface SessionApi {
  readonly state: SessionState
  login(username: string, password: string): Promise<void>
  logout(): Promise<void>
  /** Switches the language and, when logged in, saves it as the user's preference. */
  changeLocale(locale: Locale): void
  retry(): void
}

const SessionContext = createContext<SessionApi | undefined>(undefined)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const queryClient = useQueryClient()
  const { locale, setLocale } = useLanguage()
  const { message } = App.useApp()
  const t = useT()
  /** Set when the language was switched on the login page: that choice then wins over the saved one. */
  const chosenBeforeLogin = useRef(false)

  const adopt = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken)
      setState({ status: 'authenticated', session })
    },
    [],
  )

  const endSession = useCallback(() => {
    setCsrfToken(undefined)
    queryClient.clear()
    // Toasts of this session ("user created", …) must not linger into the next user's.
    message.destroy()
    setState({ status: 'anonymous' })
  }, [queryClient, message])

  const loadMe = useCallback(async () => {
    setState({ status: 'loading' })
    try {
      const session = await api.get<Session>('/api/v1/auth/me')
      setLocale(session.user.locale)
      adopt(session)
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' })
      else setState({ status: 'failed', error })
    }
  }, [adopt, setLocale])

  useEffect(() => {
    void loadMe()
  }, [loadMe])

  // A 401 from any later request means the session expired or was ended elsewhere.
  const sessionExpiredText = t.common.sessionExpired
  useEffect(() => {
    setNotAuthenticatedHandler(() => {
      endSession()
      void message.warning(sessionExpiredText)
      navigate(`${PATHS.login}?next=${encodeURIComponent(window.location.pathname)}`, { replace: true })
    })
    return () => setNotAuthenticatedHandler(undefined)
  }, [endSession, message, sessionExpiredText])

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await api.post<Session>('/api/v1/auth/login', { username, password })
      setCsrfToken(session.csrfToken)
      let user: Me = session.user
      if (chosenBeforeLogin.current && user.locale !== locale) {
        // Best effort: the language still switches for this visit if saving it fails.
        await api.put('/api/v1/auth/locale', { locale }).catch(() => {})
        user = { ...user, locale }
      } else {
        setLocale(user.locale)
      }
      chosenBeforeLogin.current = false
      queryClient.clear()
      adopt({ user, csrfToken: session.csrfToken })
    },
    [adopt, locale, queryClient, setLocale],
  )

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout')
    } finally {
      endSession()
      navigate(PATHS.login)
    }
  }, [endSession])

  const changeLocale = useCallback(
    (next: Locale) => {
      setLocale(next)
      if (state.status !== 'authenticated') {
        chosenBeforeLogin.current = true
        return
      }
      const { session } = state
      setState({ status: 'authenticated', session: { ...session, user: { ...session.user, locale: next } } })
      api.put('/api/v1/auth/locale', { locale: next }).catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) void message.error(error instanceof ApiError ? error.messages[next] : t.common.networkError)
      })
    },
    [message, setLocale, state, t],
  )

  const value = useMemo<SessionApi>(() => ({ state, login, logout, changeLocale, retry: () => void loadMe() }), [state, login, logout, changeLocale, loadMe])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSessionApi(): SessionApi {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSessionApi must be used inside <SessionProvider>')
  return value
}

/** The logged-in user; only for components rendered behind the login. */
export function useMe(): Me {
  const { state } = useSessionApi()
  if (state.status !== 'authenticated') throw new Error('useMe needs a logged-in user')
  return state.session.user
}

export function useCan(): (permission: Permission) => boolean {
  const me = useMe()
  return useCallback((permission: Permission) => me.permissions.includes(permission), [me])
}
