import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd'
import { useState } from 'react'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { LanguageSwitch } from '../../../shared/language-switch.js'
import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { useSessionApi } from '../../../shared/session.js'

interface LoginForm {
  username: string
  password: string
}

/** Where to go after logging in: the page that sent the user here, if it is a page of this app. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next')
  return next && next.startsWith('/') && !next.startsWith('//') && next !== PATHS.login ? next : PATHS.dashboard
}

export function LoginPage() {
  const t = useT()
  const { login } = useSessionApi()
  const errorText = useErrorText()
  const search = useSearch()
  const { token } = theme.useToken()
  const [error, setError] = useState<unknown>(undefined)
  const [submitting, setSubmitting] = useState(false)

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true)
    setError(undefined)
    try {
      await login(values.username.trim(), values.password)
      navigate(nextPath(search), { replace: true })
    } catch (e) {
      setError(e)
      setSubmitting(false)
    }
  }

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: `linear-gradient(160deg, ${token.colorPrimary} 0%, #e8f1fb 55%)` }}>
      <Card style={{ width: '100%', maxWidth: 420, boxShadow: token.boxShadowSecondary }}>
        <Flex justify="space-between" align="start" gap={12} style={{ marginBottom: 8 }}>
          <Flex align="center" gap={10}>
            <img src="/favicon.svg" alt="" width={40} height={40} />
            <div>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t.appShortName}
              </Typography.Title>
              <Typography.Text type="secondary">{t.login.subtitle}</Typography.Text>
            </div>
          </Flex>
          <LanguageSwitch />
        </Flex>
        <Typography.Title level={3} style={{ marginTop: 16 }}>
          {t.login.title}
        </Typography.Title>
        {error !== undefined && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
        <Form<LoginForm> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item name="username" label={t.login.username} rules={[{ required: true, whitespace: true, message: t.common.required(t.login.username) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.common.required(t.login.password) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t.login.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 24, marginBottom: 0, fontSize: 12, textAlign: 'center' }}>
          {t.appName}
        </Typography.Paragraph>
      </Card>
    </Flex>
  )
}
