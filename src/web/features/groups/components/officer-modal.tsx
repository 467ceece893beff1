import { App, Form, Modal, Select } from 'antd'
import { useState } from 'react'
import { useT } from '../../../shared/i18n.js'
import { useAssignOfficer, useHouseholdMembers } from '../api.js'
import { vnToIso } from '../format.js'
import type { GroupDetail, OfficerRole } from '../types.js'
import { OptionalDateItem } from './date-field.js'
import { DialogError } from './dialog-error.js'

interface OfficerForm {
  role: OfficerRole
  householdId: string
  personId: string
  from?: string
}

/** Bầu tổ trưởng/tổ phó: a person of a member household, from a date; the previous holder steps down that day. */
export function OfficerModal({ group, open, onClose }: { group: GroupDetail; open: boolean; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const [form] = Form.useForm<OfficerForm>()
  const [error, setError] = useState<unknown>()
  const householdId = Form.useWatch('householdId', form)
  const persons = useHouseholdMembers(open ? householdId : undefined)
  const assign = useAssignOfficer()
  const current = group.members.filter((m) => m.leftOn === null)
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={open} title={g.appoint} okText={t.common.save} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={assign.isPending} destroyOnHidden width={560}>
      <DialogError error={error} />
      <Form<OfficerForm>
        form={form}
        name="group-officer"
        layout="vertical"
        preserve={false}
        initialValues={{ role: 'leader' }}
        onFinish={async (v) => {
          setError(undefined)
          try {
            await assign.mutateAsync({ groupId: group.id, role: v.role, personId: v.personId, from: v.from ? (vnToIso(v.from) ?? v.from) : null })
            const name = persons.data?.members.find((p) => p.personId === v.personId)?.fullName ?? ''
            void message.success(g.appointed(name, g.roles[v.role] ?? v.role))
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="role" label={g.role}>
          <Select options={(['leader', 'deputy'] as const).map((r) => ({ value: r, label: g.roles[r] }))} />
        </Form.Item>
        <Form.Item name="householdId" label={g.memberHousehold} rules={[{ required: true, message: t.common.choose(g.memberHousehold) }]}>
          <Select<string> showSearch={{ optionFilterProp: 'label' }} onChange={() => form.setFieldValue('personId', undefined)}
            options={current.map((m) => ({ value: m.householdId, label: `${m.householdCode} — ${m.headName ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="personId" label={g.person} rules={[{ required: true, message: t.common.choose(g.person) }]}>
          <Select<string> showSearch={{ optionFilterProp: 'label' }} loading={persons.isFetching} options={(persons.data?.members ?? []).map((p) => ({ value: p.personId, label: p.fullName }))} />
        </Form.Item>
        <OptionalDateItem name="from" label={g.fromDate} />
      </Form>
    </Modal>
  )
}
