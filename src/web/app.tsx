import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, Button, ConfigProvider, Flex, Result, Spin } from 'antd'
import enUSModule from 'antd/es/locale/en_US.js'
import type { Locale as AntLocale } from 'antd/es/locale/index.js'
import viVNModule from 'antd/es/locale/vi_VN.js'
import dayjs from 'dayjs'
import 'dayjs/locale/en.js'
import 'dayjs/locale/vi.js'
import { lazy, Suspense, useEffect, useState } from 'react'
import { LoginPage } from './features/auth/pages/login-page.js'
import { ROUTES } from './routes.js'
import { ApiError } from './shared/api-client.js'
import { AppLayout } from './shared/app-layout.js'
import { ErrorAlert } from './shared/errors.js'
import { LanguageProvider, useLanguage, useT } from './shared/i18n.js'
import { navigate, PATHS, usePathname } from './shared/router.js'
import { SessionProvider, useSessionApi } from './shared/session.js'

/**
 * TypeScript (NodeNext) reads antd's es/ files as CommonJS and types a default import as the whole
 * module, while Vite hands over the default export itself: accept either shape.
 */
const antLocale = (m: AntLocale | { default: AntLocale }): AntLocale => ('default' in m ? m.default : m)
// -- dashboards: the public page of a province (/public/<code>) renders without a session or the app's shell --
const PublicProvincePage = lazy(async () => ({ default: (await import('./features/transparency/pages/public-province-page.js')).PublicProvincePage }))
const ANT_LOCALES = { vi: antLocale(viVNModule), en: antLocale(enUSModule) } as const

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will answer the same again; retry only what may be a passing network or server fault.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  })
}

function Pages() {
  const t = useT()
  const path = usePathname()
  const { state, retry } = useSessionApi()

  const anonymous = state.status === 'anonymous'
  useEffect(() => {
    if (anonymous && path !== PATHS.login) navigate(`${PATHS.login}${path === PATHS.dashboard ? '' : `?next=${encodeURIComponent(path)}`}`, { replace: true })
    if (state.status === 'authenticated' && path === PATHS.login) navigate(PATHS.dashboard, { replace: true })
  }, [anonymous, state.status, path])

  if (state.status === 'loading') return <Spin fullscreen description={t.common.loading} />
  if (state.status === 'failed')
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <ErrorAlert error={state.error} onRetry={retry} />
      </Flex>
    )
  if (state.status === 'anonymous') return <LoginPage />

  const { permissions } = state.session.user
  const allowed = ROUTES.filter((r) => r.permission === undefined || permissions.includes(r.permission))
  const route = ROUTES.find((r) => r.path === path)
  const home = (
    <Button type="primary" onClick={() => navigate(PATHS.dashboard)}>
      {t.common.backHome}
    </Button>
  )
  const content =
    route === undefined ? (
      <Result status="404" title={t.common.notFoundTitle} subTitle={t.common.notFoundText} extra={home} />
    ) : !allowed.includes(route) ? (
      <Result status="403" title={t.common.forbiddenTitle} subTitle={t.common.forbiddenText} extra={home} />
    ) : (
      route.page()
    )
  return (
    <AppLayout menu={allowed.map((r) => ({ path: r.path, label: r.label(t), icon: r.icon }))} selectedPath={path}>
      {content}
    </AppLayout>
  )
}

function Themed() {
  const { locale } = useLanguage()
  const [queryClient] = useState(makeQueryClient)
  // -- dashboards: public page --
  const publicPage = usePathname().startsWith(`${PATHS.publicProvince}/`)
  useEffect(() => {
    dayjs.locale(locale)
    document.documentElement.lang = locale
  }, [locale])
  return (
    <ConfigProvider locale={ANT_LOCALES[locale]} theme={{ token: { colorPrimary: '#0b5cad', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          {/* -- dashboards: public page -- */}
          {publicPage ? (
            <Suspense fallback={<Spin fullscreen />}>
              <PublicProvincePage />
            </Suspense>
          ) : (
            <SessionProvider>
              <Pages />
            </SessionProvider>
          )}
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}

export function Root() {
  return (
    <LanguageProvider>
      <Themed />
    </LanguageProvider>
  )
}
