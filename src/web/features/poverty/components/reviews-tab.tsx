import { PlusOutlined } from '@ant-design/icons'
import { App, Button, DatePicker, Flex, Form, InputNumber, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { useApplyFieldErrors, useNotifyError, ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useOpenAnnualReview, useReviews } from '../api.js'
import { formatDay, isoDay, todayVn } from '../format.js'
import type { Review, ReviewStatus } from '../types.js'

export const STATUS_COLOURS: Readonly<Record<ReviewStatus, string>> = { surveying: 'blue', meeting: 'cyan', posting: 'purple', decided: 'green', cancelled: 'default' }

/** The year whose review window (1 Sep – 14 Dec) is current or last passed. */
function reviewYear(today: string): number {
  const year = Number(today.slice(0, 4))
  return today.slice(5) >= '09-01' ? year : year - 1
}

interface OpenForm {
  communeUnitId: number
  year: number
  openedOn: Dayjs
}

function OpenReviewModal({ open, onClose, onOpened }: { open: boolean; onClose: () => void; onOpened: (id: number) => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<OpenForm>()
  const units = useUnits({ enabled: open })
  const openReview = useOpenAnnualReview()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])

  useEffect(() => {
    if (open && communes.length === 1 && form.getFieldValue('communeUnitId') === undefined) form.setFieldValue('communeUnitId', communes[0]?.id)
  }, [open, communes, form])

  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: OpenForm) => {
    try {
      const detail = await openReview.mutateAsync({ communeUnitId: values.communeUnitId, year: values.year, openedOn: isoDay(values.openedOn) })
      void message.success(t.poverty.reviews.opened(detail.review.communeName, detail.review.year))
      close()
      onOpened(detail.review.id)
    } catch (error) {
      const fields = { fields: ['communeUnitId', 'year', 'openedOn'], codes: { poverty_review_outside_window: 'openedOn', poverty_date_in_future: 'openedOn', poverty_review_already_open: 'year', poverty_unit_not_commune: 'communeUnitId' } }
      if (!applyFieldErrors(form, error, fields)) notifyError(error)
    }
  }
  const today = todayVn()
  return (
    <Modal open={open} title={t.poverty.reviews.open} okText={t.poverty.reviews.open} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={openReview.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t.poverty.reviews.windowHint}</Typography.Paragraph>
      <Form<OpenForm> form={form} layout="vertical" onFinish={onFinish} initialValues={{ year: reviewYear(today), openedOn: dayjs(today) }}>
        <Form.Item name="communeUnitId" label={t.poverty.reviews.commune} rules={[{ required: true, message: t.common.choose(t.poverty.reviews.commune) }]}>
          <Select showSearch optionFilterProp="label" options={communes.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))} loading={units.isFetching} />
        </Form.Item>
        <Form.Item name="year" label={t.poverty.reviews.year} rules={[{ required: true, message: t.common.required(t.poverty.reviews.year) }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="openedOn" label={t.poverty.reviews.openedOn} rules={[{ required: true, message: t.common.choose(t.poverty.reviews.openedOn) }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Annual review campaigns of the communes in scope. */
export function ReviewsTab({ onSelect }: { onSelect: (id: number) => void }) {
  const t = useT()
  const can = useCan()
  const reviews = useReviews('annual')
  const [opening, setOpening] = useState(false)
  const r = t.poverty.reviews
  const columns: TableColumnsType<Review> = [
    { title: r.commune, dataIndex: 'communeName', key: 'commune', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: r.year, dataIndex: 'year', key: 'year', width: 120 },
    { title: r.openedOn, dataIndex: 'openedOn', key: 'openedOn', width: 140, render: formatDay },
    { title: r.status, dataIndex: 'status', key: 'status', width: 170, render: (s: ReviewStatus) => <Tag color={STATUS_COLOURS[s]}>{t.poverty.statuses[s]}</Tag> },
    { title: r.assessed, dataIndex: 'assessedCount', key: 'assessed', width: 170, align: 'right' },
    { title: t.common.actions, key: 'actions', width: 120, render: (_: unknown, row) => <Button size="small" onClick={() => onSelect(row.id)} aria-label={`${r.view}: ${row.communeName} ${row.year}`}>{r.view}</Button> },
  ]
  return (
    <>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        {can('poverty.review') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
            {r.open}
          </Button>
        )}
      </Flex>
      {reviews.isError && <ErrorAlert error={reviews.error} onRetry={() => void reviews.refetch()} />}
      <Table<Review> rowKey="id" columns={columns} dataSource={reviews.data?.items ?? []} loading={reviews.isFetching} pagination={false} locale={{ emptyText: r.empty }} />
      <OpenReviewModal open={opening} onClose={() => setOpening(false)} onOpened={onSelect} />
    </>
  )
}
