import { App, Form, Modal, Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useT } from '../../../shared/i18n.js'
import { useComputeGrades } from '../api.js'
import { periodToVn, recentPeriods } from '../format.js'
import { DialogError } from './dialog-error.js'

/** Xếp loại tổ: grades every group of the user's scope for a month (default: last month). */
export function ComputeGradesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const compute = useComputeGrades()
  const periods = useMemo(() => recentPeriods(new Date()), [])
  const [period, setPeriod] = useState(periods[1] ?? periods[0]!)
  const [error, setError] = useState<unknown>()
  const close = () => {
    setError(undefined)
    onClose()
  }
  const run = async () => {
    setError(undefined)
    try {
      const report = await compute.mutateAsync({ period })
      void message.success(`${g.computed(report.groups, periodToVn(report.period))} ${g.computedDetail(report.byGrade.good, report.byGrade.fair, report.byGrade.average, report.byGrade.weak, report.ungraded)}`)
      close()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <Modal open={open} title={g.computeTitle} okText={g.computeGrades} cancelText={t.common.cancel} onOk={() => void run()} onCancel={close} confirmLoading={compute.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{g.computeIntro}</Typography.Paragraph>
      <DialogError error={error} />
      <Form layout="vertical">
        <Form.Item label={g.period}>
          <Select<string> aria-label={g.period} value={period} onChange={setPeriod} options={periods.map((p) => ({ value: p, label: g.periodOption(periodToVn(p)) }))} style={{ maxWidth: 240 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
