// Showing API errors: the server's own message in the current language, on the form field it is
// about when there is one, otherwise as a toast or an inline alert with the request id.
import { Alert, App, Button, type FormInstance } from 'antd'
import { useCallback } from 'react'
import { ApiError } from './api-client.js'
import { useLanguage, useT } from './i18n.js'

/** Turns any error into the sentence to show in the current language. */
export function useErrorText(): (error: unknown) => string {
  const { locale } = useLanguage()
  const t = useT()
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) return error.messages[locale]
      if (error instanceof TypeError) return t.common.networkError
      return t.common.unexpectedError
    },
    [locale, t],
  )
}

/** A toast for a failed action. */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp()
  const errorText = useErrorText()
  return useCallback((error: unknown) => void message.error(errorText(error)), [message, errorText])
}

/** Which form fields an API error may concern. */
export interface FieldErrorMap {
  /** The form's field names, matched against the first segment of `validation_failed` paths. */
  readonly fields: readonly string[]
  /** Rule codes that concern one field, e.g. `{ username_taken: 'username' }`. */
  readonly codes: Readonly<Record<string, string>>
}

/**
 * Puts an API error on the form fields it concerns. Returns false when no field matched, so the
 * caller shows the error some other way.
 */
export function useApplyFieldErrors(): (form: FormInstance, error: unknown, map: FieldErrorMap) => boolean {
  const errorText = useErrorText()
  const { locale } = useLanguage()
  return useCallback(
    (form, error, map) => {
      if (!(error instanceof ApiError)) return false
      if (error.code === 'validation_failed') {
        const fields = error.issues
          .map((issue) => ({ name: String(issue.path).split('.')[0] ?? '', errors: [locale === 'vi' ? issue.messageVi ?? issue.message : issue.message] }))
          .filter((f) => map.fields.includes(f.name))
        if (fields.length === 0) return false
        form.setFields(fields)
        return true
      }
      const field = map.codes[error.code]
      if (field === undefined) return false
      form.setFields([{ name: field, errors: [errorText(error)] }])
      return true
    },
    [errorText, locale],
  )
}

/** An inline error for a query that failed to load, with a retry button. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT()
  const errorText = useErrorText()
  const requestId = error instanceof ApiError ? error.requestId : null
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error)}
      description={requestId ? `${t.common.requestId}: ${requestId}` : undefined}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t.common.reload}</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  )
}
