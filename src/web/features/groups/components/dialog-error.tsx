import { Alert } from 'antd'
import { useErrorText } from '../../../shared/errors.js'

/** A refused change shown inside its dialog, in the server's own words (Vietnamese first). */
export function DialogError({ error }: { error: unknown }) {
  const errorText = useErrorText()
  if (error === undefined || error === null) return null
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" />
}
