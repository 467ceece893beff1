import { App, Form, Modal, Select } from 'antd'
import { useMemo, useState } from 'react'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useAddMember, useCommuneGroups, useHouseholdSearch, useLeaveGroup, useMoveMember } from '../api.js'
import { vnToIso } from '../format.js'
import type { GroupDetail, Membership, RuleWarning } from '../types.js'
import { NoteItem, OptionalDateItem } from './date-field.js'
import { DialogError } from './dialog-error.js'

/** The group rules that warned but let the change through, as toasts in the current language. */
function useShowWarnings(): (warnings: readonly RuleWarning[]) => void {
  const { message } = App.useApp()
  const { locale } = useLanguage()
  return (warnings) => {
    for (const w of warnings) void message.warning(w.message[locale], 8)
  }
}

const isoOrNull = (text: string | undefined) => (text ? (vnToIso(text) ?? text) : null)

/** Thêm thành viên: find a household of the group's commune by its head's name, code or CCCD. */
export function AddMemberModal({ group, open, onClose }: { group: GroupDetail; open: boolean; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const showWarnings = useShowWarnings()
  const [form] = Form.useForm<{ householdId: string; joinedOn?: string; note?: string }>()
  const [q, setQ] = useState('')
  const [error, setError] = useState<unknown>()
  const households = useHouseholdSearch(group.communeUnitId, q, open)
  const add = useAddMember()
  const close = () => {
    form.resetFields()
    setError(undefined)
    setQ('')
    onClose()
  }
  const options = useMemo(
    () => (households.data ?? []).map((h) => ({ value: h.id, label: `${h.code} — ${h.headName ?? ''}${h.villageName ? ` (${h.villageName})` : ''}` })),
    [households.data],
  )
  return (
    <Modal open={open} title={g.addMemberTitle(group.code)} okText={g.addMember} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={add.isPending} destroyOnHidden width={600}>
      <DialogError error={error} />
      <Form
        form={form}
        name="add-group-member"
        layout="vertical"
        preserve={false}
        onFinish={async (v) => {
          setError(undefined)
          try {
            const outcome = await add.mutateAsync({ groupId: group.id, householdId: v.householdId, joinedOn: isoOrNull(v.joinedOn), note: v.note?.trim() || null })
            const code = options.find((o) => o.value === v.householdId)?.label.split(' — ')[0] ?? v.householdId
            void message.success(g.memberAdded(code))
            showWarnings(outcome.warnings)
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="householdId" label={g.household} rules={[{ required: true, message: g.chooseHousehold }]}>
          <Select<string>
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={g.householdSearch}
            options={options}
            loading={households.isFetching}
            notFoundContent={null}
          />
        </Form.Item>
        <OptionalDateItem name="joinedOn" label={g.joinedOn} />
        <NoteItem />
      </Form>
    </Modal>
  )
}

/** Chuyển tổ: a member household moves to another active group of the commune. */
export function MoveMemberModal({ group, member, onClose }: { group: GroupDetail; member: Membership | undefined; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const showWarnings = useShowWarnings()
  const [form] = Form.useForm<{ toGroupId: string; on?: string; note?: string }>()
  const [error, setError] = useState<unknown>()
  const targets = useCommuneGroups(group.communeUnitId, member !== undefined)
  const move = useMoveMember()
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={member !== undefined} title={member ? g.moveTitle(member.householdCode) : ''} okText={g.moveMember} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={move.isPending} destroyOnHidden width={560}>
      <DialogError error={error} />
      <Form
        form={form}
        name="move-group-member"
        layout="vertical"
        preserve={false}
        onFinish={async (v) => {
          if (!member) return
          setError(undefined)
          try {
            const outcome = await move.mutateAsync({ groupId: group.id, householdId: member.householdId, toGroupId: v.toGroupId, on: isoOrNull(v.on), note: v.note?.trim() || null })
            void message.success(g.memberMoved(member.householdCode, outcome.target.code))
            showWarnings(outcome.warnings)
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="toGroupId" label={g.targetGroup} rules={[{ required: true, message: t.common.choose(g.targetGroup) }]}>
          <Select<string> showSearch={{ optionFilterProp: 'label' }} loading={targets.isFetching}
            options={(targets.data ?? []).filter((x) => x.id !== group.id).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))} />
        </Form.Item>
        <OptionalDateItem name="on" label={g.date} />
        <NoteItem />
      </Form>
    </Modal>
  )
}

/** Cho ra khỏi tổ: the membership is closed on a date, with the reason; it stays in the history. */
export function LeaveGroupModal({ group, member, onClose }: { group: GroupDetail; member: Membership | undefined; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const showWarnings = useShowWarnings()
  const [form] = Form.useForm<{ reason: 'left' | 'household_ended'; on?: string; note?: string }>()
  const [error, setError] = useState<unknown>()
  const leave = useLeaveGroup()
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={member !== undefined} title={member ? g.leaveTitle(member.householdCode) : ''} okText={g.leave} okButtonProps={{ danger: true }} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={leave.isPending} destroyOnHidden width={520}>
      <DialogError error={error} />
      <Form
        form={form}
        name="leave-group"
        layout="vertical"
        preserve={false}
        initialValues={{ reason: 'left' }}
        onFinish={async (v) => {
          if (!member) return
          setError(undefined)
          try {
            const outcome = await leave.mutateAsync({ groupId: group.id, householdId: member.householdId, reason: v.reason, on: isoOrNull(v.on), note: v.note?.trim() || null })
            void message.success(g.memberLeft(member.householdCode))
            showWarnings(outcome.warnings)
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="reason" label={g.leaveReasonLabel}>
          <Select options={(['left', 'household_ended'] as const).map((r) => ({ value: r, label: g.leaveReasons[r] }))} />
        </Form.Item>
        <OptionalDateItem name="on" label={g.date} />
        <NoteItem />
      </Form>
    </Modal>
  )
}
