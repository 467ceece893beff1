import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect, useMemo } from 'react'
import { CHILD_KINDS, type UnitKind } from '../../../../domain/access/index.js'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import type { Unit } from '../../../shared/types.js'
import { useCreateUnit } from '../api.js'

interface CreateUnitForm {
  parentId: number
  kind: UnitKind
  code: string
  name: string
}

const FIELD_ERRORS = {
  fields: ['parentId', 'kind', 'code', 'name'],
  codes: { unit_code_taken: 'code', unit_kind_not_allowed_under_parent: 'kind', not_found: 'parentId', out_of_scope: 'parentId' },
} as const

export function CreateUnitModal({ open, units, defaultParentId, onClose }: { open: boolean; units: readonly Unit[]; defaultParentId: number | undefined; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<CreateUnitForm>()
  const parentId = Form.useWatch('parentId', form)
  const createUnit = useCreateUnit()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()

  // A parent must be able to hold children (a village cannot); the indentation shows the tree.
  const parentOptions = useMemo(() => {
    const depthOf = (u: Unit) => u.path.split('/').filter(Boolean).length
    const minDepth = Math.min(...units.map(depthOf))
    return [...units]
      .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))
      .filter((u) => CHILD_KINDS[u.kind].length > 0)
      .map((u) => ({
        value: u.id,
        label: `${u.name} — ${t.unitKinds[u.kind]} (${u.code})`,
        depth: depthOf(u) - minDepth,
      }))
  }, [units, t])

  const parent = units.find((u) => u.id === parentId)
  const kindOptions = parent ? CHILD_KINDS[parent.kind].map((k) => ({ value: k, label: t.unitKinds[k] })) : []

  // The hierarchy allows one child kind per parent kind today: pick it for the user.
  useEffect(() => {
    const only = parent ? CHILD_KINDS[parent.kind] : []
    form.setFieldValue('kind', only.length === 1 ? only[0] : undefined)
  }, [parent, form])

  useEffect(() => {
    if (open && defaultParentId !== undefined && form.getFieldValue('parentId') === undefined) form.setFieldValue('parentId', defaultParentId)
  }, [open, defaultParentId, form])

  const close = () => {
    form.resetFields()
    onClose()
  }

  const onFinish = async (values: CreateUnitForm) => {
    try {
      const unit = await createUnit.mutateAsync({ parentId: values.parentId, kind: values.kind, code: values.code.trim(), name: values.name.trim() })
      void message.success(t.units.created(unit.name))
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }

  return (
    <Modal
      open={open}
      title={t.units.add}
      okText={t.units.add}
      cancelText={t.common.cancel}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={createUnit.isPending}
      forceRender
      width={560}
    >
      <Form<CreateUnitForm> form={form} name="create-unit" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item name="parentId" label={t.units.parent} rules={[{ required: true, message: t.common.choose(t.units.parent) }]}>
          <Select<number>
            options={parentOptions}
            showSearch={{ optionFilterProp: 'label' }}
            optionRender={(option) => <span style={{ paddingLeft: Number(option.data.depth) * 16 }}>{option.label}</span>}
          />
        </Form.Item>
        <Form.Item name="kind" label={t.units.kind} rules={[{ required: true, message: t.common.choose(t.units.kind) }]}>
          <Select<UnitKind> options={kindOptions} disabled={!parent} placeholder={!parent ? t.units.kindChooseParentFirst : undefined} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t.units.code}
          extra={t.units.codeHint}
          rules={[
            { required: true, whitespace: true, message: t.common.required(t.units.code) },
            { pattern: /^[A-Za-z0-9._-]{1,20}$/, message: t.units.codeHint },
          ]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label={t.units.name} rules={[{ required: true, whitespace: true, message: t.common.required(t.units.name) }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
