import { App, Form, Input, InputNumber, Modal, Select } from 'antd'
import { useEffect } from 'react'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCreatePoint } from '../api.js'
import type { TreeNode } from '../types.js'

interface PointForm {
  siteName: string
  formerCommuneCode?: string
  monthlyDay: number
  startTime: string
}

const FIELD_ERRORS = {
  fields: ['siteName', 'formerCommuneCode', 'monthlyDay', 'startTime'],
  codes: {
    transaction_day_invalid: 'monthlyDay', transaction_time_invalid: 'startTime',
    former_commune_required: 'formerCommuneCode', former_commune_not_predecessor: 'formerCommuneCode', transaction_point_code_taken: 'siteName',
  },
} as const

/** Opens a commune transaction point: its site, the former commune it serves, its monthly day and start time. */
export function CreatePointModal({ commune, onClose }: { commune: TreeNode | undefined; onClose: () => void }) {
  const t = useT()
  const n = t.network
  const { message } = App.useApp()
  const [form] = Form.useForm<PointForm>()
  const create = useCreatePoint()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const formers = commune?.formerCommunes ?? []
  useEffect(() => {
    if (commune && formers.length === 1) form.setFieldValue('formerCommuneCode', formers[0]?.code)
  }, [commune, formers, form])
  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: PointForm) => {
    if (!commune) return
    try {
      const point = await create.mutateAsync({
        communeUnitId: commune.id, siteName: values.siteName.trim(), formerCommuneCode: values.formerCommuneCode ?? null, monthlyDay: values.monthlyDay, startTime: values.startTime.trim(),
      })
      void message.success(n.pointCreated(point.siteName))
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }
  return (
    <Modal open={commune !== undefined} title={n.addPoint} okText={n.addPoint} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} forceRender width={600}>
      <Form<PointForm> form={form} name="create-point" layout="vertical" onFinish={onFinish} autoComplete="off" initialValues={{ startTime: '07:30' }}>
        <Form.Item label={n.commune}>
          <Input value={commune?.name} disabled />
        </Form.Item>
        <Form.Item name="siteName" label={n.siteName} rules={[{ required: true, whitespace: true, message: t.common.required(n.siteName) }]}>
          <Input maxLength={200} placeholder={n.siteNamePlaceholder} />
        </Form.Item>
        {formers.length > 0 && (
          <Form.Item name="formerCommuneCode" label={n.servesFormerCommune} rules={[{ required: formers.length > 1, message: t.common.choose(n.servesFormerCommune) }]}>
            <Select<string> options={formers.map((f) => ({ value: f.code, label: `${f.code} — ${f.fullName}` }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        <Form.Item name="monthlyDay" label={n.monthlyDay} extra={n.monthlyDayHint} rules={[{ required: true, message: t.common.required(n.monthlyDay) }]}>
          <InputNumber<number> min={1} max={31} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="startTime" label={n.startTime} extra={n.startTimeHint} rules={[{ required: true, message: t.common.required(n.startTime) }, { pattern: /^([01][0-9]|2[0-3]):[0-5][0-9]$/, message: n.startTimeHint }]}>
          <Input maxLength={5} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
