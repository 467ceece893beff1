import { EditOutlined, FilePdfOutlined } from '@ant-design/icons'
import { Button, Descriptions, Empty, Flex, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { sheetPdfUrl, type DaySheet, type SheetGroup, type SheetLoan, type SheetMember } from '../api.js'
import { money, sumDong } from '../format.js'

/** One row per member-loan; a member without a loan gets one row (savings only). */
export interface SheetRow {
  readonly key: string
  readonly member: SheetMember
  readonly loan: SheetLoan | null
  /** The member's first row carries her savings (a member with two loans shows them once). */
  readonly first: boolean
}

export function sheetRows(group: SheetGroup): SheetRow[] {
  return group.members.flatMap((m): SheetRow[] =>
    m.loans.length === 0
      ? [{ key: `${m.householdId}-`, member: m, loan: null, first: true }]
      : m.loans.map((l, i) => ({ key: `${m.householdId}-${l.loanId}`, member: m, loan: l, first: i === 0 })),
  )
}

function GroupSheet({ dayId, group, canCapture, onCapture }: { dayId: string; group: SheetGroup; canCapture: boolean; onCapture: (group: SheetGroup) => void }) {
  const t = useT()
  const d = t.transactionDay
  const columns: TableColumnsType<SheetRow> = [
    { title: d.householdCode, key: 'code', render: (_: unknown, r) => (r.first ? r.member.householdCode : '') },
    { title: d.member, key: 'name', render: (_: unknown, r) => (r.first ? r.member.headName ?? t.common.none : '') },
    { title: d.loan, key: 'loan', render: (_: unknown, r) => (r.loan ? `${r.loan.programCode} #${r.loan.loanId}` : <Typography.Text type="secondary">{d.noLoan}</Typography.Text>) },
    { title: d.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => (r.loan ? money(r.loan.outstandingDong) : '') },
    { title: d.interestDue, key: 'interest', align: 'right', render: (_: unknown, r) => (r.loan ? money(sumDong(r.loan.interestDueDong, r.loan.overdueInterestDueDong)) : '') },
    { title: d.principalDue, key: 'principal', align: 'right', render: (_: unknown, r) => (r.loan ? money(r.loan.principalDueDong) : '') },
    { title: d.overdue, key: 'overdue', align: 'right', render: (_: unknown, r) => (r.loan && r.loan.principalOverdueDong !== '0' ? <Typography.Text type="danger">{money(r.loan.principalOverdueDong)}</Typography.Text> : r.loan ? money('0') : '') },
    { title: d.savingsBalance, key: 'savings', align: 'right', render: (_: unknown, r) => (r.first ? money(r.member.savingsBalanceDong) : '') },
    { title: d.expectedSavings, key: 'expected', align: 'right', render: (_: unknown, r) => (r.first ? money(r.member.expectedSavingsDong) : '') },
  ]
  const x = group.totals
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'leader', label: d.leader, children: group.leaderName ?? t.common.none },
          { key: 'org', label: d.organisation, children: t.organisations[group.organisation as keyof typeof t.organisations] ?? group.organisation },
          { key: 'status', label: d.status, children: group.capturedBatchId ? <Tag color="green">{d.captured}</Tag> : <Tag>{d.notCaptured}</Tag> },
        ]} />
        <Flex gap={8}>
          <Button icon={<FilePdfOutlined />} href={sheetPdfUrl(dayId, group.groupId)} target="_blank">{d.printGroup}</Button>
          {canCapture && !group.capturedBatchId && <Button type="primary" icon={<EditOutlined />} onClick={() => onCapture(group)}>{d.capture}</Button>}
        </Flex>
      </Flex>
      <Table<SheetRow>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={sheetRows(group)}
        pagination={false}
        scroll={{ x: 1000 }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}><Typography.Text strong>{d.groupTotals}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
            <Table.Summary.Cell index={4} align="right"><Typography.Text strong>{money(x.interestDueDong)}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right"><Typography.Text strong>{money(x.principalDueDong)}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right"><Typography.Text strong>{money(x.principalOverdueDong)}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right"><Typography.Text strong>{money(x.savingsBalanceDong)}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={8} align="right"><Typography.Text strong>{money(x.expectedSavingsDong)}</Typography.Text></Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Flex>
  )
}

/** Bảng kê: a tab per group with what falls due for each member on the day. */
export function DaySheetTabs({ sheet, canCapture, onCapture }: { sheet: DaySheet; canCapture: boolean; onCapture: (group: SheetGroup) => void }) {
  const d = useT().transactionDay
  if (sheet.groups.length === 0) return <Empty description={d.noGroups} />
  return (
    <>
      <Typography.Paragraph type="secondary">
        {d.dayTotals(sheet.totals.members, sheet.totals.loans)} · {d.interestDue}: {money(sheet.totals.interestDueDong)} · {d.principalDue}: {money(sheet.totals.principalDueDong)}
      </Typography.Paragraph>
      <Tabs
        items={sheet.groups.map((g) => ({
          key: g.groupId,
          label: <span>{d.sheetTab(g.code, g.name)}{g.capturedBatchId && <Tag color="green" style={{ marginInlineStart: 8 }}>{d.captured}</Tag>}</span>,
          children: <GroupSheet dayId={sheet.day.id} group={g} canCapture={canCapture} onCapture={onCapture} />,
        }))}
      />
    </>
  )
}
