import { ArrowLeftOutlined, SwapOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Empty, Flex, Space, Spin, Table, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useGroup } from '../api.js'
import { isoToVn, microsToPercent, periodToVn } from '../format.js'
import type { FactorOutcome, GradeRow, Membership, Officer } from '../types.js'
import { GradeTag } from './grade-tag.js'
import { AddMemberModal, LeaveGroupModal, MoveMemberModal } from './member-modals.js'
import { OfficerModal } from './officer-modal.js'
import { StatusModal } from './status-modal.js'
import { GroupStatusTag } from './status-tag.js'

const FACTORS = ['overdueRatio', 'interestCollectionRate', 'meetingsHeld'] as const

/** One group: who it is, its members now and before, its board over time, its monthly grades. */
export function GroupDetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT()
  const g = t.groups
  const { locale } = useLanguage()
  const can = useCan()
  const group = useGroup(id)
  const [adding, setAdding] = useState(false)
  const [appointing, setAppointing] = useState(false)
  const [changingStatus, setChangingStatus] = useState(false)
  const [moving, setMoving] = useState<Membership | undefined>()
  const [leaving, setLeaving] = useState<Membership | undefined>()

  if (group.isError) return <ErrorAlert error={group.error} onRetry={() => void group.refetch()} />
  if (!group.data) return <Spin />
  const x = group.data
  const manage = can('groups.manage') && x.status !== 'dissolved'
  const current = x.members.filter((m) => m.leftOn === null)
  const former = x.members.filter((m) => m.leftOn !== null)

  const memberColumns: TableColumnsType<Membership> = [
    { title: g.householdCode, dataIndex: 'householdCode', key: 'code' },
    { title: g.headName, dataIndex: 'headName', key: 'head', render: (v: string | null) => v ?? t.common.none },
    {
      title: g.joinedOn, key: 'joined',
      render: (_: unknown, m) => (
        <Flex vertical>
          {isoToVn(m.joinedOn)}
          {m.movedFrom && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.movedFrom(m.movedFrom.code ?? `#${m.movedFrom.id}`)}</Typography.Text>}
        </Flex>
      ),
    },
    ...(manage
      ? [{
          title: t.common.actions, key: 'actions',
          render: (_: unknown, m: Membership) => (
            <Space size={4} wrap>
              <Button size="small" icon={<SwapOutlined />} onClick={() => setMoving(m)} aria-label={`${g.moveMember}: ${m.householdCode}`}>{g.moveMember}</Button>
              <Button size="small" danger onClick={() => setLeaving(m)} aria-label={`${g.leave}: ${m.householdCode}`}>{g.leave}</Button>
            </Space>
          ),
        }]
      : []),
  ]
  const historyColumns: TableColumnsType<Membership> = [
    { title: g.householdCode, dataIndex: 'householdCode', key: 'code' },
    { title: g.headName, dataIndex: 'headName', key: 'head', render: (v: string | null) => v ?? t.common.none },
    { title: g.joinedOn, dataIndex: 'joinedOn', key: 'joined', render: (v: string) => isoToVn(v) },
    { title: g.leftOn, dataIndex: 'leftOn', key: 'left', render: (v: string | null) => isoToVn(v) },
    {
      title: g.leaveReason, key: 'reason',
      render: (_: unknown, m) => (m.leaveReason === 'moved' && m.movedTo ? g.movedTo(m.movedTo.code ?? `#${m.movedTo.id}`) : (g.leaveReasons[m.leaveReason ?? ''] ?? t.common.none)),
    },
    { title: g.note, dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '' },
  ]
  const officerColumns: TableColumnsType<Officer> = [
    { title: g.role, dataIndex: 'role', key: 'role', render: (r: string) => g.roles[r] ?? r },
    { title: g.person, dataIndex: 'personName', key: 'name' },
    { title: g.householdCode, dataIndex: 'householdCode', key: 'household' },
    { title: g.fromDate, dataIndex: 'fromDate', key: 'from', render: (v: string) => isoToVn(v) },
    { title: g.toDate, dataIndex: 'toDate', key: 'to', render: (v: string | null) => (v ? isoToVn(v) : <Typography.Text type="success">{g.incumbent}</Typography.Text>) },
  ]
  const factorText = (name: (typeof FACTORS)[number], f: FactorOutcome | undefined) => {
    if (!f || !f.assessed) return `${g.factors[name]}: ${g.notAssessed}`
    const value = f.valueMicros === null ? '' : ` ${microsToPercent(f.valueMicros, locale)}`
    const detail = name === 'overdueRatio' && f.overdueDong !== undefined && f.outstandingDong !== undefined ? ` (${g.overdueDetail(formatDong(f.overdueDong), formatDong(f.outstandingDong))})` : ''
    return `${g.factors[name]}:${value}${detail} — ${g.points(f.points ?? 0, f.maxPoints)}`
  }
  const gradeColumns: TableColumnsType<GradeRow> = [
    { title: g.period, dataIndex: 'period', key: 'period', render: (p: string) => periodToVn(p) },
    { title: g.grade, dataIndex: 'grade', key: 'grade', render: (v: GradeRow['grade']) => <GradeTag grade={v} /> },
    { title: g.score, dataIndex: 'score', key: 'score', align: 'right', render: (v: number | null) => v ?? t.common.none },
    { title: g.factorsTitle, key: 'factors', render: (_: unknown, r) => <Flex vertical>{FACTORS.map((f) => <Typography.Text key={f} style={{ fontSize: 13 }}>{factorText(f, r.factors[f])}</Typography.Text>)}</Flex> },
    { title: g.sourceTitle, key: 'source', render: (_: unknown, r) => <Flex vertical><span>{g.sources[r.source]}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatVnDateTime(r.computedAt)}</Typography.Text></Flex> },
  ]

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={g.back} />
            <Typography.Title level={4} style={{ margin: 0 }}>{g.detailTitle(x.code, x.name)}</Typography.Title>
            <GroupStatusTag status={x.status} />
            {x.latestGrade && <GradeTag grade={x.latestGrade.grade} period={x.latestGrade.period} />}
          </Flex>
        }
        extra={
          manage && (
            <Flex gap={8} wrap>
              {x.status === 'active' && <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>{g.addMember}</Button>}
              <Button icon={<TeamOutlined />} onClick={() => setAppointing(true)}>{g.appoint}</Button>
              <Button onClick={() => setChangingStatus(true)}>{g.changeStatus}</Button>
            </Flex>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={g.code}>{x.code}</Descriptions.Item>
          <Descriptions.Item label={g.commune}>{x.communeName}</Descriptions.Item>
          <Descriptions.Item label={g.village}>{x.villageName ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={g.point}>{x.pointSiteName}</Descriptions.Item>
          <Descriptions.Item label={g.organisationUnit}>{x.organisationUnitName} ({t.organisations[x.organisation]})</Descriptions.Item>
          <Descriptions.Item label={g.foundingDecision}>{g.decisionInfo(x.foundingDecisionNumber, isoToVn(x.foundingDecisionDate))}</Descriptions.Item>
          <Descriptions.Item label={g.members}>{x.memberCount}</Descriptions.Item>
          <Descriptions.Item label={g.leader}>{x.leaderName ?? t.common.none}</Descriptions.Item>
          {x.statusReason && <Descriptions.Item label={g.statusReason}>{`${x.statusReason} (${isoToVn(x.statusChangedOn)})`}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title={`${g.currentMembers} (${current.length})`} size="small">
        <Table<Membership> rowKey="id" size="small" columns={memberColumns} dataSource={current} pagination={false} locale={{ emptyText: g.noMembers }} />
      </Card>

      {former.length > 0 && (
        <Card title={g.history} size="small">
          <Table<Membership> rowKey="id" size="small" columns={historyColumns} dataSource={former} pagination={false} />
        </Card>
      )}

      <Card title={g.officers} size="small">
        {x.officers.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={g.noOfficers} /> : (
          <Table<Officer> rowKey="id" size="small" columns={officerColumns} dataSource={[...x.officers]} pagination={false} />
        )}
      </Card>

      <Card title={g.gradesTitle} size="small">
        {x.grades.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={g.noGrades} /> : (
          <Table<GradeRow> rowKey="runId" size="small" columns={gradeColumns} dataSource={[...x.grades]} pagination={false} scroll={{ x: 900 }} />
        )}
      </Card>

      {manage && (
        <>
          <AddMemberModal group={x} open={adding} onClose={() => setAdding(false)} />
          <MoveMemberModal group={x} member={moving} onClose={() => setMoving(undefined)} />
          <LeaveGroupModal group={x} member={leaving} onClose={() => setLeaving(undefined)} />
          <OfficerModal group={x} open={appointing} onClose={() => setAppointing(false)} />
          <StatusModal group={x} open={changingStatus} onClose={() => setChangingStatus(false)} />
        </>
      )}
    </Flex>
  )
}
