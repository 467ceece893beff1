import { Descriptions, List, Tag, Typography } from 'antd'
import { formatDong } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { formatMicrosPercent, type FeeAccrual } from '../api.js'

/** How one accrual was computed, line by line, from the basis stored at the close. */
export function FeeBasisView({ accrual }: { accrual: FeeAccrual }) {
  const f = useT().fees
  const b = accrual.basis
  const opening = b.figures.openingOutstandingDong
  const lines: { key: string; text: string; tag?: { triggered: boolean } }[] = []
  if (accrual.payeeKind === 'organisation_unit')
    lines.push({
      key: 'avg',
      text: f.averageOutstanding(opening === null ? `${formatDong(b.figures.closingOutstandingDong)} (${f.noOpening})` : formatDong(opening), formatDong(b.figures.closingOutstandingDong), formatDong(b.averageOutstandingDong)),
    })
  for (const c of b.components) lines.push({ key: c.kind, text: `${f.components[c.kind] ?? c.kind}: ${f.product(formatDong(c.baseDong), formatMicrosPercent(c.rateMicros), formatDong(c.amountDong))}` })
  lines.push({ key: 'gross', text: f.grossLine(formatDong(b.grossDong)) })
  lines.push({ key: 'overdue', text: f.overdueRatio(formatDong(b.figures.overduePrincipalDong), formatDong(b.figures.closingOutstandingDong), formatMicrosPercent(b.factors.overdueRatioMicros)) })
  lines.push({ key: 'collection', text: f.collectionRate(formatDong(b.figures.interestCollectedDong), formatDong(b.figures.interestReceivableDong), formatMicrosPercent(b.factors.interestCollectionRateMicros)) })
  for (const [i, r] of b.reductions.entries())
    lines.push({
      key: `reduction-${i}`,
      text: f.reduction(f.factors[r.factor] ?? r.factor, r.factor === 'overdue_ratio' ? f.above : f.below, formatMicrosPercent(r.thresholdMicros), formatMicrosPercent(r.payShareMicros)),
      tag: { triggered: r.triggered },
    })
  lines.push({ key: 'net', text: f.netLine(formatDong(b.grossDong), b.payShareMicros === '1000000' ? `100 % (${f.noReduction})` : formatMicrosPercent(b.payShareMicros), formatDong(b.netDong)) })
  return (
    <div data-testid={`fee-basis-${accrual.id}`}>
      <Descriptions size="small" column={3} items={[
        { key: 'loans', label: f.basisTitle, children: f.loans(b.figures.loans) },
        { key: 'contract', label: f.contract, children: accrual.contractNumber },
        { key: 'net', label: f.net, children: <Typography.Text strong>{formatDong(accrual.netDong)}</Typography.Text> },
      ]} />
      <List size="small" dataSource={lines} renderItem={(l) => (
        <List.Item key={l.key}>
          <span>{l.text}</span>
          {l.tag && <Tag color={l.tag.triggered ? 'red' : 'default'}>{l.tag.triggered ? f.triggered : f.notTriggered}</Tag>}
        </List.Item>
      )} />
    </div>
  )
}
