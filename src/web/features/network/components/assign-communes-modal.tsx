import { App, Form, Input, Modal, Select } from 'antd'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useAssignCommunes, useUnservedCommunes } from '../api.js'
import type { NetworkUnit } from '../types.js'

interface AssignForm {
  communeCodes: string[]
}

const FIELD_ERRORS = {
  fields: ['communeCodes'],
  codes: { commune_already_served: 'communeCodes', commune_in_other_province: 'communeCodes', place_unknown: 'communeCodes' },
} as const

/** Gives an office current communes of its province that no office serves yet. */
export function AssignCommunesModal({ office, onClose }: { office: NetworkUnit | undefined; onClose: () => void }) {
  const t = useT()
  const n = t.network
  const { message } = App.useApp()
  const [form] = Form.useForm<AssignForm>()
  const unserved = useUnservedCommunes(office?.id)
  const assign = useAssignCommunes()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const options = (unserved.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${c.fullName}` }))
  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: AssignForm) => {
    if (!office) return
    try {
      const { items } = await assign.mutateAsync({ officeId: office.id, communeCodes: values.communeCodes })
      void message.success(n.communesAssigned(items.length, office.name))
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }
  return (
    <Modal open={office !== undefined} title={n.assignCommunes} okText={n.assign} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={assign.isPending} forceRender width={640}>
      <Form<AssignForm> form={form} name="assign-communes" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item label={n.office}>
          <Input value={office?.name} disabled />
        </Form.Item>
        <Form.Item name="communeCodes" label={n.communes} extra={n.assignHint} rules={[{ required: true, message: t.common.choose(n.communes) }]}>
          <Select<string[]> mode="multiple" options={options} loading={unserved.isFetching} showSearch={{ optionFilterProp: 'label' }} maxCount={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
