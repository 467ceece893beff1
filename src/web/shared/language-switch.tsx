// VI / EN: on the login page and in the header. Logged in, the choice is saved for the user.
import { Segmented } from 'antd'
import { useLanguage, useT } from './i18n.js'
import { useSessionApi } from './session.js'
import type { Locale } from './types.js'

export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const t = useT()
  const { locale } = useLanguage()
  const { changeLocale } = useSessionApi()
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t.language.label}
      value={locale}
      onChange={changeLocale}
      options={[
        { value: 'vi', label: <span title={t.language.viFull}>{t.language.vi}</span> },
        { value: 'en', label: <span title={t.language.enFull}>{t.language.en}</span> },
      ]}
      style={onDark ? { background: 'rgba(255,255,255,0.2)' } : undefined}
    />
  )
}
