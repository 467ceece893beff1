// Dời lịch: one planned occurrence moved to another day of its month, with a reason. The server
// knows the holidays and refuses a day outside the month, on a holiday or without a reason
// (transaction_day_reschedule_invalid): its message is shown as it comes.
import { Alert, DatePicker, Form, Input, Modal, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useRescheduleDay, type TransactionDay } from '../api.js'
import { isoToVn, periodToVn } from '../format.js'
import { useDialogSubmit } from './day-actions.js'

interface RescheduleValues {
  heldOn: Dayjs
  reason: string
}

export function RescheduleModal({ day, open, onClose }: { day: TransactionDay; open: boolean; onClose: () => void }) {
  const t = useT()
  const d = t.transactionDay
  const errorText = useErrorText()
  const [form] = Form.useForm<RescheduleValues>()
  const reschedule = useRescheduleDay(day.id)
  const { error, submit, close } = useDialogSubmit(
    (v: RescheduleValues) => reschedule.mutateAsync({ heldOn: v.heldOn.format('YYYY-MM-DD'), reason: v.reason.trim() }),
    (moved) => d.rescheduled(isoToVn(moved.heldOn)),
    onClose,
  )

  return (
    <Modal open={open} title={d.rescheduleTitle} okText={d.reschedule} cancelText={t.common.cancel} confirmLoading={reschedule.isPending} onOk={() => form.submit()} onCancel={close} destroyOnHidden>
      <Typography.Paragraph type="secondary">{d.rescheduleIntro(periodToVn(day.period), isoToVn(day.heldOn))}</Typography.Paragraph>
      {error !== undefined && <Alert type="error" showIcon role="alert" data-testid="reschedule-refusal" title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form<RescheduleValues> form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="heldOn" label={d.newDate} rules={[{ required: true, message: d.chooseDate }]}>
          <DatePicker format="DD/MM/YYYY" placeholder={d.datePlaceholder} style={{ width: '100%' }} defaultPickerValue={dayjs(day.heldOn)}
            disabledDate={(date) => date.format('YYYY-MM') !== day.period} />
        </Form.Item>
        <Form.Item name="reason" label={d.reason} rules={[{ required: true, whitespace: true, message: d.reasonRequired }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
