// The frame around every page behind the login: product name, who is logged in, the language
// switch and logout on top; the menu of what the user's permissions allow on the side.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { Avatar, Button, Flex, Layout, Menu, Typography, theme } from 'antd'
import type { ReactNode } from 'react'
import { useT } from './i18n.js'
import { LanguageSwitch } from './language-switch.js'
import { navigate } from './router.js'
import { useMe, useSessionApi } from './session.js'

export interface MenuEntry {
  readonly path: string
  readonly label: string
  readonly icon: ReactNode
}

export function AppLayout({ menu, selectedPath, children }: { menu: readonly MenuEntry[]; selectedPath: string; children: ReactNode }) {
  const t = useT()
  const me = useMe()
  const { logout } = useSessionApi()
  const { token } = theme.useToken()

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 20, background: token.colorPrimary, position: 'sticky', top: 0, zIndex: 10 }}
      >
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault()
            navigate('/')
          }}
          style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', minWidth: 0 }}
        >
          <img src="/favicon.svg" alt="" width={32} height={32} style={{ borderRadius: 6, border: '1px solid rgba(255,255,255,0.5)' }} />
          <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>
            {t.appName}
          </Typography.Text>
        </a>
        <Flex align="center" gap={14} style={{ marginLeft: 'auto', color: '#fff', minWidth: 0 }}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: 'rgba(255,255,255,0.25)', flex: 'none' }} />
          <Flex vertical style={{ lineHeight: 1.3, minWidth: 0 }}>
            <Typography.Text strong style={{ color: '#fff' }} ellipsis>
              {me.fullName}
            </Typography.Text>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 12 }} ellipsis>
              {t.roles[me.role]} · {me.unitName}
            </Typography.Text>
          </Flex>
          <LanguageSwitch onDark />
          <Button icon={<LogoutOutlined />} onClick={() => void logout()} ghost>
            {t.layout.logout}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={232} breakpoint="lg" collapsedWidth={64} theme="light" style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}>
          <nav aria-label={t.appShortName}>
            <Menu
              mode="inline"
              selectedKeys={[selectedPath]}
              items={menu.map((entry) => ({ key: entry.path, icon: entry.icon, label: entry.label }))}
              onClick={({ key }) => navigate(key)}
              style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  )
}
