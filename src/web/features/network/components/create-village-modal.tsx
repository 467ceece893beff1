import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect } from 'react'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCreateVillage } from '../api.js'
import type { TreeNode } from '../types.js'

interface VillageForm {
  name: string
  formerCommuneCode?: string
}

const FIELD_ERRORS = {
  fields: ['name', 'formerCommuneCode'],
  codes: { former_commune_required: 'formerCommuneCode', former_commune_not_predecessor: 'formerCommuneCode', unit_code_taken: 'name' },
} as const

/** Adds a village (thôn, bản, tổ dân phố) to a commune, with the former commune it lay in. */
export function CreateVillageModal({ commune, onClose }: { commune: TreeNode | undefined; onClose: () => void }) {
  const t = useT()
  const n = t.network
  const { message } = App.useApp()
  const [form] = Form.useForm<VillageForm>()
  const create = useCreateVillage()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const formers = commune?.formerCommunes ?? []
  // One former commune: it is implied, so it is filled in.
  useEffect(() => {
    if (commune && formers.length === 1) form.setFieldValue('formerCommuneCode', formers[0]?.code)
  }, [commune, formers, form])
  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: VillageForm) => {
    if (!commune) return
    try {
      const village = await create.mutateAsync({ communeUnitId: commune.id, name: values.name.trim(), formerCommuneCode: values.formerCommuneCode ?? null })
      void message.success(n.villageCreated(village.name))
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }
  return (
    <Modal open={commune !== undefined} title={n.addVillage} okText={n.addVillage} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} forceRender>
      <Form<VillageForm> form={form} name="create-village" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item label={n.commune}>
          <Input value={commune?.name} disabled />
        </Form.Item>
        <Form.Item name="name" label={n.villageName} rules={[{ required: true, whitespace: true, message: t.common.required(n.villageName) }]}>
          <Input maxLength={200} placeholder={n.villageNamePlaceholder} />
        </Form.Item>
        {formers.length > 0 && (
          <Form.Item name="formerCommuneCode" label={n.formerCommune} extra={n.formerCommuneHint} rules={[{ required: formers.length > 1, message: t.common.choose(n.formerCommune) }]}>
            <Select<string> options={formers.map((f) => ({ value: f.code, label: `${f.code} — ${f.fullName}` }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
