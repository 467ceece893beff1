import { ArrowLeftOutlined, CalendarOutlined, FileExcelOutlined, FilePdfOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Spin, Statistic, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { sheetPdfUrl, sheetXlsxUrl, useBatches, useDay, useFlags, useSheet, type DayWithBook, type SheetGroup } from '../api.js'
import { isoToVn, money } from '../format.js'
import { BatchesTable, FlagsTable } from './batches-and-flags.js'
import { CaptureDrawer } from './capture-drawer.js'
import { CloseDayModal, OpenDayModal } from './day-actions.js'
import { DaySheetTabs } from './day-sheet.js'
import { FeesToPay } from './fees-to-pay.js'
import { NoticesPanel } from './notices-panel.js'
import { OfflinePackageCard } from './offline-package.js'
import { RescheduleModal } from './reschedule-modal.js'
import { DayStatusTag } from './status-tags.js'

/** Sổ quỹ: opening, in, out, closing — shown whatever the day's status. */
function CashBookCard({ day }: { day: DayWithBook }) {
  const d = useT().transactionDay
  const book = day.cashBook
  const stat = (testId: string, title: string, value: string | undefined) => (
    <Col xs={12} md={6}>
      <Statistic data-testid={testId} title={title} value={money(value)} />
    </Col>
  )
  return (
    <Card size="small" title={d.cashBook} data-testid="cash-book">
      <Row gutter={16}>
        {stat('cash-opening', d.opening, book?.openingDong)}
        {stat('cash-in', d.cashIn, book?.inDong)}
        {stat('cash-out', d.cashOut, book?.outDong)}
        {stat('cash-closing', d.closing, book?.closingDong)}
      </Row>
      {book === null && <Typography.Text type="secondary">{d.notOpenedYet}</Typography.Text>}
      {day.status === 'closed' && <Typography.Text type="secondary">{d.counted(money(day.countedCashDong))}</Typography.Text>}
    </Card>
  )
}

/**
 * One transaction day: status and cash book, its actions (open, close, reschedule), the day sheet by
 * group, fees to pay, batches and flags, notices to borrowers and the offline package.
 */
export function DayDetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT()
  const d = t.transactionDay
  const can = useCan()
  const day = useDay(id)
  const sheet = useSheet(id)
  const batches = useBatches(id)
  const flags = useFlags(id)
  const [opening, setOpening] = useState(false)
  const [rescheduling, setRescheduling] = useState(false)
  const [closing, setClosing] = useState(false)
  const [capturing, setCapturing] = useState<SheetGroup>()
  const codes = useMemo(() => new Map((sheet.data?.groups ?? []).flatMap((g) => g.members.map((m) => [m.householdId, m.householdCode] as const))), [sheet.data])
  const groupNames = useMemo(() => new Map((sheet.data?.groups ?? []).map((g) => [g.groupId, `${g.name} (${g.code})`] as const)), [sheet.data])

  if (day.isError) return <ErrorAlert error={day.error} onRetry={() => void day.refetch()} />
  if (!day.data) return <Spin />
  const x = day.data
  const transact = can('loans.transact')
  const reschedule = can('network.manage')
  const openFlags = (flags.data ?? []).filter((f) => f.status === 'open' || f.status === 'under_review').length

  return (
    <Flex vertical gap={16}>
      <div><Button icon={<ArrowLeftOutlined />} onClick={onBack}>{d.back}</Button></div>
      <Card
        title={<Typography.Title level={4} style={{ margin: 0 }}>{d.dayTitle(x.pointSiteName, isoToVn(x.heldOn))}</Typography.Title>}
        extra={<span data-testid="day-status"><DayStatusTag status={x.status} /></span>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'point', label: d.point, children: `${x.pointSiteName} (${x.pointCode})` },
          { key: 'commune', label: d.commune, children: x.communeName },
          { key: 'held', label: d.heldOn, children: `${isoToVn(x.heldOn)} ${x.startTime.slice(0, 5)}` },
          ...(x.rescheduleReason ? [{ key: 'moved', label: d.scheduledOn, children: `${isoToVn(x.scheduledOn)} — ${d.movedBecause(x.rescheduleReason)}` }] : []),
          ...(x.openedAt ? [{ key: 'opened', label: d.openedAt, children: formatVnDateTime(x.openedAt) }] : []),
          ...(x.closedAt ? [{ key: 'closed', label: d.closedAt, children: formatVnDateTime(x.closedAt) }] : []),
        ]} />
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {transact && x.status === 'planned' && <Button type="primary" icon={<UnlockOutlined />} onClick={() => setOpening(true)}>{d.open}</Button>}
          {transact && x.status === 'open' && <Button type="primary" icon={<LockOutlined />} onClick={() => setClosing(true)}>{d.close}</Button>}
          {reschedule && x.status === 'planned' && <Button icon={<CalendarOutlined />} onClick={() => setRescheduling(true)}>{d.reschedule}</Button>}
          <Button icon={<FilePdfOutlined />} href={sheetPdfUrl(id)} target="_blank">{d.printPdf}</Button>
          <Button icon={<FileExcelOutlined />} href={sheetXlsxUrl(id)}>{d.printXlsx}</Button>
        </Flex>
      </Card>
      <CashBookCard day={x} />
      {openFlags > 0 && <Alert type="error" showIcon title={d.flagsOpen(openFlags)} />}
      <Card size="small" title={d.sheet}>
        {sheet.isError && <ErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />}
        {sheet.data ? <DaySheetTabs sheet={sheet.data} canCapture={transact && x.status === 'open'} onCapture={setCapturing} /> : !sheet.isError && <Spin />}
      </Card>
      <Card size="small" title={d.feesToPay} data-testid="day-fees">
        <FeesToPay dayId={id} fees={sheet.data?.feesToPay ?? []} canPay={transact} dayOpen={x.status === 'open'} loading={sheet.isFetching} />
      </Card>
      <Card size="small" title={d.batches}>
        {batches.isError && <ErrorAlert error={batches.error} onRetry={() => void batches.refetch()} />}
        <BatchesTable batches={batches.data ?? []} loading={batches.isFetching} canReverse={can('loans.manage')} />
      </Card>
      <Card size="small" title={d.flags} data-testid="day-flags">
        {flags.isError && <ErrorAlert error={flags.error} onRetry={() => void flags.refetch()} />}
        <FlagsTable flags={flags.data ?? []} loading={flags.isFetching} canReview={can('loans.manage')} householdCode={(hid) => codes.get(hid) ?? `#${hid}`} />
      </Card>
      <NoticesPanel dayId={id} canSend={transact && x.status !== 'closed'} />
      {transact && x.status !== 'closed' && <OfflinePackageCard day={x} groupName={(gid) => groupNames.get(gid) ?? `#${gid}`} />}
      {transact && <OpenDayModal day={x} open={opening} onClose={() => setOpening(false)} />}
      {transact && <CloseDayModal day={x} open={closing} onClose={() => setClosing(false)} />}
      {reschedule && <RescheduleModal day={x} open={rescheduling} onClose={() => setRescheduling(false)} />}
      <CaptureDrawer dayId={id} day={x} group={capturing} onClose={() => setCapturing(undefined)} />
    </Flex>
  )
}
