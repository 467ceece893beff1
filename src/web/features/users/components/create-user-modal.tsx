import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect, useMemo } from 'react'
import { ORGANISATIONS, ROLE_RULES, ROLES, type Organisation, type Role } from '../../../../domain/access/index.js'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreateUser } from '../api.js'

interface CreateUserForm {
  username: string
  fullName: string
  role: Role
  unitId: number
  organisation?: Organisation
  password: string
}

const FIELD_ERRORS = {
  fields: ['username', 'fullName', 'role', 'unitId', 'organisation', 'password'],
  codes: {
    username_taken: 'username',
    password_too_weak: 'password',
    role_unit_mismatch: 'unitId',
    organisation_required: 'organisation',
    not_found: 'unitId',
    out_of_scope: 'unitId',
  },
} as const

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<CreateUserForm>()
  const role = Form.useWatch('role', form)
  const unitId = Form.useWatch('unitId', form)
  const units = useUnits({ enabled: open })
  const createUser = useCreateUser()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()

  // Only the levels the chosen role may be bound to: a commune officer sits at a commune, etc.
  const unitOptions = useMemo(() => {
    if (!role || !units.data) return []
    const allowed: readonly string[] = ROLE_RULES[role].unitKinds
    return units.data
      .filter((u) => allowed.includes(u.kind))
      .map((u) => ({ value: u.id, label: `${u.name} — ${t.unitKinds[u.kind]} (${u.code})` }))
  }, [role, units.data, t])

  useEffect(() => {
    if (unitId !== undefined && !unitOptions.some((o) => o.value === unitId)) form.setFieldValue('unitId', undefined)
  }, [unitId, unitOptions, form])

  const close = () => {
    form.resetFields()
    onClose()
  }

  const onFinish = async (values: CreateUserForm) => {
    try {
      const outcome = await createUser.mutateAsync({
        username: values.username.trim(),
        fullName: values.fullName.trim(),
        role: values.role,
        unitId: values.unitId,
        organisation: values.role === 'org_officer' ? values.organisation ?? null : null,
        password: values.password,
      })
      if (outcome.kind === 'created') void message.success(t.users.created(outcome.user.username))
      else void message.info(t.users.sentForApproval, 6)
      close()
    } catch (error) {
      if (!applyFieldErrors(form, error, FIELD_ERRORS)) notifyError(error)
    }
  }

  return (
    <Modal
      open={open}
      title={t.users.create}
      okText={t.users.create}
      cancelText={t.common.cancel}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={createUser.isPending}
      forceRender
      width={560}
    >
      <Form<CreateUserForm> form={form} name="create-user" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item
          name="username"
          label={t.users.username}
          extra={t.users.usernameHint}
          rules={[
            { required: true, whitespace: true, message: t.common.required(t.users.username) },
            { pattern: /^[A-Za-z0-9._-]{3,50}$/, message: t.users.usernameHint },
          ]}
        >
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
        <Form.Item name="fullName" label={t.users.fullName} rules={[{ required: true, whitespace: true, message: t.common.required(t.users.fullName) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={t.users.role} rules={[{ required: true, message: t.common.choose(t.users.role) }]}>
          <Select<Role> options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="unitId" label={t.users.unit} rules={[{ required: true, message: t.common.choose(t.users.unit) }]}>
          <Select<number>
            options={unitOptions}
            loading={units.isPending}
            disabled={!role}
            placeholder={!role ? t.users.unitChooseRoleFirst : undefined}
            notFoundContent={t.users.unitNoneAllowed}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        {role === 'org_officer' && (
          <Form.Item name="organisation" label={t.users.organisation} rules={[{ required: true, message: t.common.choose(t.users.organisation) }]}>
            <Select<Organisation> options={ORGANISATIONS.map((o) => ({ value: o, label: t.organisations[o] }))} />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t.users.password}
          extra={t.users.passwordHint}
          // The strength rule is the server's (password_too_weak): its message lands on this field.
          rules={[{ required: true, message: t.common.required(t.users.password) }]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
