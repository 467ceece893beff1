// Hoa hồng, phí ủy thác: what the month-end close accrued for the point's group boards and their
// organisation units, paid in cash on an open day. One payout per submission, with an
// Idempotency-Key kept for its retries; the cash book and the list refresh after it.
import { DollarOutlined } from '@ant-design/icons'
import { App, Button, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { usePayFees, type FeeToPay } from '../api.js'
import { money, periodToVn, sumDong } from '../format.js'

export function FeesToPay({ dayId, fees, canPay, dayOpen, loading }: { dayId: string; fees: readonly FeeToPay[]; canPay: boolean; dayOpen: boolean; loading: boolean }) {
  const t = useT()
  const d = t.transactionDay
  const { message, modal } = App.useApp()
  const notifyError = useNotifyError()
  const pay = usePayFees(dayId)
  const keys = useIdempotencyKeys()
  const [selected, setSelected] = useState<readonly string[]>([])
  // Rows paid meanwhile leave the list; a selection keeps only the rows still there.
  const chosen = fees.filter((f) => selected.includes(f.accrualId))
  const chosenTotal = sumDong(...chosen.map((f) => f.netDong))

  const submit = async () => {
    const body = { accrualIds: chosen.map((f) => f.accrualId) }
    try {
      const payout = await pay.mutateAsync({ ...body, idempotencyKey: keys.keyFor(body) })
      keys.settle()
      setSelected([])
      void message.success(d.paid(payout.accrualIds.length, money(payout.totalDong)))
    } catch (e) {
      notifyError(e)
    }
  }
  const confirm = () =>
    modal.confirm({ title: d.payTitle, content: d.payConfirm(chosen.length, money(chosenTotal)), okText: d.pay, cancelText: t.common.cancel, onOk: submit })

  const columns: TableColumnsType<FeeToPay> = [
    { title: d.payee, dataIndex: 'payeeName', key: 'payee' },
    { title: d.kind, dataIndex: 'payeeKind', key: 'kind', render: (k: string) => <Tag color={k === 'group' ? 'blue' : 'purple'}>{d.payeeKinds[k] ?? k}</Tag> },
    { title: d.feePeriod, dataIndex: 'period', key: 'period', render: periodToVn },
    { title: d.netAmount, dataIndex: 'netDong', key: 'net', align: 'right', render: money },
  ]
  const payable = canPay && dayOpen
  return (
    <Flex vertical gap={8}>
      <Table<FeeToPay>
        rowKey="accrualId"
        size="small"
        columns={columns}
        dataSource={[...fees]}
        loading={loading}
        pagination={false}
        locale={{ emptyText: d.feesEmpty }}
        rowSelection={payable ? { selectedRowKeys: chosen.map((f) => f.accrualId), onChange: (keys) => setSelected(keys.map(String)) } : undefined}
        summary={() => (fees.length === 0 ? null : (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={payable ? 4 : 3}><Typography.Text strong>{d.totals}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={payable ? 4 : 3} align="right"><Typography.Text strong>{money(sumDong(...fees.map((f) => f.netDong)))}</Typography.Text></Table.Summary.Cell>
          </Table.Summary.Row>
        ))}
      />
      {canPay && fees.length > 0 && (
        <Flex justify="end" align="center" gap={12} wrap>
          {!dayOpen && <Typography.Text type="secondary">{d.feesWhenOpen}</Typography.Text>}
          {payable && chosen.length > 0 && <Typography.Text data-testid="fees-selected">{d.selectedFees(chosen.length, money(chosenTotal))}</Typography.Text>}
          {payable && <Button type="primary" icon={<DollarOutlined />} disabled={chosen.length === 0} loading={pay.isPending} onClick={confirm}>{d.pay}</Button>}
        </Flex>
      )}
    </Flex>
  )
}
