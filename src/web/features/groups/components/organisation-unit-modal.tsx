import { App, Form, Input, Modal, Select } from 'antd'
import { useMemo, useState } from 'react'
import { ORGANISATIONS, type Organisation } from '../../../../domain/access/index.js'
import { useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreateOrganisationUnit } from '../api.js'
import type { OrganisationLevel, OrganisationUnit } from '../types.js'
import { DialogError } from './dialog-error.js'

const LEVELS: readonly OrganisationLevel[] = ['province', 'former_district', 'commune']
const BANK_KIND: Readonly<Record<OrganisationLevel, string>> = { province: 'province', former_district: 'transaction_office', commune: 'commune' }
const RANK: Readonly<Record<OrganisationLevel, number>> = { province: 0, former_district: 1, commune: 2 }

interface UnitForm {
  organisation: Organisation
  level: OrganisationLevel
  bankUnitId: number
  parentId?: number
  name: string
}

/** Thêm đơn vị hội: an organisation's unit opposite the bank unit of its level. */
export function OrganisationUnitModal({ open, units: orgUnits, onClose }: { open: boolean; units: readonly OrganisationUnit[]; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const [form] = Form.useForm<UnitForm>()
  const [error, setError] = useState<unknown>()
  const units = useUnits({ enabled: open })
  const create = useCreateOrganisationUnit()
  const level = Form.useWatch('level', form)
  const organisation = Form.useWatch('organisation', form)
  const bankUnits = useMemo(() => (units.data ?? []).filter((u) => level !== undefined && u.kind === BANK_KIND[level]), [units.data, level])
  const parents = useMemo(() => orgUnits.filter((o) => o.organisation === organisation && level !== undefined && RANK[o.level] < RANK[level] && o.status === 'active'), [orgUnits, organisation, level])
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={open} title={g.createUnit} okText={t.common.save} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} destroyOnHidden width={600}>
      <DialogError error={error} />
      <Form<UnitForm>
        form={form}
        name="organisation-unit"
        layout="vertical"
        preserve={false}
        initialValues={{ organisation: 'womens_union', level: 'commune' }}
        onFinish={async (v) => {
          setError(undefined)
          try {
            const unit = await create.mutateAsync({ organisation: v.organisation, level: v.level, bankUnitId: v.bankUnitId, parentId: v.parentId ?? null, name: v.name.trim() })
            void message.success(g.unitCreated(unit.name))
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="organisation" label={g.organisation}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={ORGANISATIONS.map((o) => ({ value: o, label: t.organisations[o] }))} />
        </Form.Item>
        <Form.Item name="level" label={g.level}>
          <Select options={LEVELS.map((l) => ({ value: l, label: g.levels[l] }))} onChange={() => form.setFieldsValue({ bankUnitId: undefined, parentId: undefined })} />
        </Form.Item>
        <Form.Item name="bankUnitId" label={g.bankUnit} rules={[{ required: true, message: t.common.choose(g.bankUnit) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={bankUnits.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="parentId" label={g.parent}>
          <Select<number> allowClear options={parents.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="name" label={g.unitName} rules={[{ required: true, whitespace: true, message: t.common.required(g.unitName) }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
