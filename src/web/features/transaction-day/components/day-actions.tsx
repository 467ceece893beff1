// Opening the day with the cash brought, and closing it on a cash count that must equal the book.
import { Alert, App, Form, Input, Modal, Typography } from 'antd'
import { useState } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCloseDay, useOpenDay, type DayWithBook } from '../api.js'
import { fieldDong, money } from '../format.js'

interface CashValues {
  amount: string
}

/** The error of a refused open or close, with the book's difference when the count is off. */
function RefusalAlert({ error }: { error: unknown }) {
  const d = useT().transactionDay
  const errorText = useErrorText()
  if (error === undefined) return null
  const difference = error instanceof ApiError && error.code === 'cash_book_unbalanced' ? (error.details as { differenceDong?: string } | null)?.differenceDong : undefined
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="day-refusal"
      title={errorText(error)}
      description={difference !== undefined ? d.difference(money(difference)) : undefined}
      style={{ marginBottom: 16 }}
    />
  )
}

function CashModal({ open, title, intro, label, okText, pending, error, onSubmit, onClose }: {
  open: boolean; title: string; intro: string; label: string; okText: string; pending: boolean; error: unknown; onSubmit: (amount: string) => void; onClose: () => void
}) {
  const t = useT()
  const d = t.transactionDay
  const [form] = Form.useForm<CashValues>()
  return (
    <Modal open={open} title={title} okText={okText} cancelText={t.common.cancel} confirmLoading={pending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <RefusalAlert error={error} />
      <Form<CashValues> form={form} layout="vertical" preserve={false} onFinish={(v) => onSubmit(fieldDong(v.amount)!)}>
        <Form.Item name="amount" label={label} rules={[{ validator: async (_r, v: string | undefined) => (fieldDong(v) === undefined ? Promise.reject(new Error(d.invalidAmount)) : undefined) }]}>
          <Input inputMode="numeric" suffix="₫" maxLength={20} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/**
 * A dialog's submission: runs the action, shows the success message and closes; a refusal stays
 * on the dialog as its error until the next try or until the dialog is closed.
 */
export function useDialogSubmit<A, R>(action: (input: A) => Promise<R>, success: (result: R) => string, onClose: () => void) {
  const { message } = App.useApp()
  const [error, setError] = useState<unknown>()
  const submit = async (input: A) => {
    setError(undefined)
    try {
      void message.success(success(await action(input)))
      onClose()
    } catch (e) {
      setError(e)
    }
  }
  const close = () => {
    setError(undefined)
    onClose()
  }
  return { error, submit, close }
}

export function OpenDayModal({ day, open, onClose }: { day: DayWithBook; open: boolean; onClose: () => void }) {
  const d = useT().transactionDay
  const action = useOpenDay(day.id)
  const { error, submit, close } = useDialogSubmit((openingCashDong: string) => action.mutateAsync({ openingCashDong }), () => d.opened, onClose)
  return <CashModal open={open} title={d.openTitle} intro={d.openIntro} label={d.openingCash} okText={d.open} pending={action.isPending} error={error} onSubmit={(a) => void submit(a)} onClose={close} />
}

export function CloseDayModal({ day, open, onClose }: { day: DayWithBook; open: boolean; onClose: () => void }) {
  const d = useT().transactionDay
  const action = useCloseDay(day.id)
  const { error, submit, close } = useDialogSubmit((countedCashDong: string) => action.mutateAsync({ countedCashDong }), () => d.closed, onClose)
  return (
    <CashModal open={open} title={d.closeTitle} intro={d.closeIntro(money(day.cashBook?.closingDong))} label={d.countedCash} okText={d.close} pending={action.isPending} error={error}
      onSubmit={(a) => void submit(a)} onClose={close} />
  )
}
