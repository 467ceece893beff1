import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons'
import { Card, Col, Descriptions, Row, Skeleton, Space, Typography } from 'antd'
import { formatVnDate, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useMe } from '../../../shared/session.js'
import { useHealth } from '../api.js'

export function DashboardPage() {
  const t = useT()
  const me = useMe()
  const health = useHealth()

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={14}>
        <Card title={t.dashboard.welcome(me.fullName)}>
          <Typography.Paragraph type="secondary">{t.dashboard.intro}</Typography.Paragraph>
          <Descriptions
            column={1}
            bordered
            size="middle"
            items={[
              { key: 'username', label: t.dashboard.username, children: me.username },
              { key: 'role', label: t.dashboard.role, children: t.roles[me.role] },
              { key: 'unit', label: t.dashboard.unit, children: `${me.unitName} (${t.unitKinds[me.unitKind]})` },
              ...(me.organisation ? [{ key: 'org', label: t.dashboard.organisation, children: t.organisations[me.organisation] }] : []),
              { key: 'today', label: t.dashboard.today, children: formatVnDate(new Date()) },
              { key: 'last', label: t.dashboard.lastLogin, children: me.lastLoginAt ? formatVnDateTime(me.lastLoginAt) : t.users.never },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t.dashboard.health}>
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
              size="middle"
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
}
