import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons'
import { Card, Col, Descriptions, Row, Skeleton, Space, Typography } from 'antd'
import { formatVnDate, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan, useMe } from '../../../shared/session.js'
import { useHealth } from '../api.js'
import { BoardDashboard } from '../components/board-dashboard.js'

/**
 * The home page: for a reader of reports, the board dashboard of their unit under a compact
 * account and health line; for everyone else, the account and the system's health.
 */
export function DashboardPage() {
  const t = useT()
  const me = useMe()
  const health = useHealth()
  const compact = useCan()('reports.read')
  const size = compact ? 'small' : 'middle'

  const cards = (
    <Row gutter={compact ? [16, 16] : [24, 24]}>
      <Col xs={24} xl={compact ? 16 : 14}>
        <Card title={t.dashboard.welcome(me.fullName)} size={compact ? 'small' : 'default'}>
          {!compact && <Typography.Paragraph type="secondary">{t.dashboard.intro}</Typography.Paragraph>}
          <Descriptions
            column={compact ? { xs: 1, md: 2, xl: 3 } : 1}
            bordered={!compact}
            size={size}
            items={[
              { key: 'username', label: t.dashboard.username, children: <span style={{ whiteSpace: 'nowrap' }}>{me.username}</span> },
              { key: 'role', label: t.dashboard.role, children: t.roles[me.role] },
              { key: 'unit', label: t.dashboard.unit, children: `${me.unitName} (${t.unitKinds[me.unitKind]})` },
              ...(me.organisation ? [{ key: 'org', label: t.dashboard.organisation, children: t.organisations[me.organisation] }] : []),
              { key: 'today', label: t.dashboard.today, children: formatVnDate(new Date()) },
              { key: 'last', label: t.dashboard.lastLogin, children: me.lastLoginAt ? formatVnDateTime(me.lastLoginAt) : t.users.never },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={compact ? 8 : 10}>
        <Card title={t.dashboard.health} size={compact ? 'small' : 'default'}>
          {health.isPending ? (
            <Skeleton active />
          ) : health.isError ? (
            <Space>
              <CloseCircleFilled style={{ color: '#cf1322' }} />
              <Typography.Text type="danger">{t.dashboard.healthDown}</Typography.Text>
            </Space>
          ) : (
            <Descriptions
              column={1}
              size={size}
              items={[
                {
                  key: 'status',
                  label: t.dashboard.status,
                  children: (
                    <Space>
                      <CheckCircleFilled style={{ color: '#389e0d' }} />
                      {t.dashboard.healthOk}
                    </Space>
                  ),
                },
                { key: 'version', label: t.dashboard.version, children: health.data.version },
                { key: 'backend', label: t.dashboard.database, children: t.dashboard.backends[health.data.database.backend] ?? health.data.database.backend },
                { key: 'server', label: t.dashboard.databaseServer, children: health.data.database.server },
                { key: 'ping', label: t.dashboard.ping, children: `${health.data.database.pingMs} ms` },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  )
  if (!compact) return cards
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {cards}
      <BoardDashboard />
    </Space>
  )
}
