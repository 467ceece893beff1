import { App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { useT } from '../../../shared/i18n.js'
import { useChangeStatus } from '../api.js'
import { vnToIso } from '../format.js'
import type { GroupDetail, GroupStatus } from '../types.js'
import { OptionalDateItem } from './date-field.js'
import { DialogError } from './dialog-error.js'

/** The moves a group's status may make from where it is. */
const NEXT: Readonly<Record<GroupStatus, readonly GroupStatus[]>> = { active: ['suspended', 'dissolved'], suspended: ['active', 'dissolved'], dissolved: [] }

/** Tạm ngừng, hoạt động trở lại, giải thể: with the date and the reason. */
export function StatusModal({ group, open, onClose }: { group: GroupDetail; open: boolean; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const [form] = Form.useForm<{ status: GroupStatus; on?: string; reason: string }>()
  const [error, setError] = useState<unknown>()
  const change = useChangeStatus()
  const label = (s: GroupStatus) => (s === 'active' ? g.reactivate : s === 'suspended' ? g.suspend : g.dissolve)
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={open} title={g.changeStatus} okText={t.common.save} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={change.isPending} destroyOnHidden>
      <DialogError error={error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ status: NEXT[group.status][0] }}
        onFinish={async (v) => {
          setError(undefined)
          try {
            const after = await change.mutateAsync({ groupId: group.id, status: v.status, on: v.on ? (vnToIso(v.on) ?? v.on) : null, reason: v.reason.trim() })
            void message.success(g.statusChanged(g.statuses[after.status] ?? after.status))
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="status" label={g.status}>
          <Select options={NEXT[group.status].map((s) => ({ value: s, label: label(s) }))} />
        </Form.Item>
        <OptionalDateItem name="on" label={g.date} />
        <Form.Item name="reason" label={g.statusReason} rules={[{ required: true, whitespace: true, message: t.common.required(g.statusReason) }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
