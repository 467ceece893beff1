import { App, Form, Modal, Select } from 'antd'
import { useMemo } from 'react'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCreateBranch, useCurrentProvinces } from '../api.js'
import type { Branch } from '../types.js'

interface BranchForm {
  provinceCode: string
}

const FIELD_ERRORS = { fields: ['provinceCode'], codes: { branch_exists: 'provinceCode', place_unknown: 'provinceCode' } } as const

/** Creates the provincial branch of a current province; provinces that have one are not offered. */
export function CreateBranchModal({ open, branches, onClose, onCreated }: { open: boolean; branches: readonly Branch[]; onClose: () => void; onCreated: (id: number) => void }) {
  const t = useT()
  const n = t.network
  const { message } = App.useApp()
  const [form] = Form.useForm<BranchForm>()
  const provinces = useCurrentProvinces(open)
  const create = useCreateBranch()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const options = useMemo(() => {
    const taken = new Set(branches.map((b) => b.adminCode))
    return (provinces.data ?? []).filter((p) => !taken.has(p.code)).map((p) => ({ value: p.code, label: `${p.code} — ${p.fullName}` }))
  }, [provinces.data, branches])

  const close = () => {
    form.resetFields()
    onClose()
  }
  const onFinish = async (values: BranchForm) => {
    try {
      const branch = await create.mutateAsync(values)
      void message.success(n.branchCreated(branch.name))
      onCreated(branch.id)
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }
  return (
    <Modal open={open} title={n.createBranch} okText={n.createBranch} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} forceRender>
      <Form<BranchForm> form={form} name="create-branch" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item name="provinceCode" label={n.province} extra={n.branchHint} rules={[{ required: true, message: t.common.choose(n.province) }]}>
          <Select<string> options={options} loading={provinces.isFetching} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
