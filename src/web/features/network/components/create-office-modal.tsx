import { App, Form, Input, Modal } from 'antd'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCreateOffice } from '../api.js'
import type { NetworkUnit } from '../types.js'

interface OfficeForm {
  code: string
  name: string
}

const FIELD_ERRORS = { fields: ['code', 'name'], codes: { unit_code_taken: 'code' } } as const

/** Creates a transaction office (phòng giao dịch) under a branch. */
export function CreateOfficeModal({ branch, onClose }: { branch: NetworkUnit | undefined; onClose: () => void }) {
  const t = useT()
  const n = t.network
  const { message } = App.useApp()
  const [form] = Form.useForm<OfficeForm>()
  const create = useCreateOffice()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: OfficeForm) => {
    if (!branch) return
    try {
      const office = await create.mutateAsync({ branchId: branch.id, code: values.code.trim(), name: values.name.trim() })
      void message.success(n.officeCreated(office.name))
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }
  return (
    <Modal open={branch !== undefined} title={n.createOffice} okText={n.createOffice} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} forceRender>
      <Form<OfficeForm> form={form} name="create-office" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item label={n.branch}>
          <Input value={branch?.name} disabled />
        </Form.Item>
        <Form.Item name="code" label={n.code} extra={t.units.codeHint} rules={[{ required: true, whitespace: true, message: t.common.required(n.code) }, { pattern: /^[A-Za-z0-9._-]{1,20}$/, message: t.units.codeHint }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label={n.officeName} rules={[{ required: true, whitespace: true, message: t.common.required(n.officeName) }]}>
          <Input maxLength={200} placeholder={n.officeNamePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
