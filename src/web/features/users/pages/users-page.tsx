import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Flex, Input, Popconfirm, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ROLES, type Role } from '../../../../domain/access/index.js'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan, useMe } from '../../../shared/session.js'
import type { User } from '../../../shared/types.js'
import { useSetUserStatus, useUsers, type UserListParams } from '../api.js'
import { CreateUserModal } from '../components/create-user-modal.js'

const STATUS_COLOURS = { active: 'green', disabled: 'default', locked: 'orange' } as const

export function UsersPage() {
  const t = useT()
  const me = useMe()
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const [params, setParams] = useState<UserListParams>({ q: '', role: undefined, status: undefined, page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const users = useUsers(params)
  const setStatus = useSetUserStatus()
  const manage = can('users.manage')

  const changeStatus = async (user: User, action: 'disable' | 'enable') => {
    try {
      await setStatus.mutateAsync({ id: user.id, action })
      void message.success(action === 'disable' ? t.users.disabledDone(user.username) : t.users.enabledDone(user.username))
    } catch (error) {
      notifyError(error)
    }
  }

  const columns: TableColumnsType<User> = [
    { title: t.users.username, dataIndex: 'username', key: 'username', render: (v: string, u) => (u.id === me.id ? <>{v} <Tag>{t.users.you}</Tag></> : v) },
    { title: t.users.fullName, dataIndex: 'fullName', key: 'fullName' },
    {
      title: t.users.role,
      dataIndex: 'role',
      key: 'role',
      render: (role: Role, u) => (
        <Flex vertical>
          {t.roles[role]}
          {u.organisation && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.organisations[u.organisation]}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t.users.unit,
      dataIndex: 'unitName',
      key: 'unit',
      render: (name: string, u) => (
        <Flex vertical>
          {name}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.unitKinds[u.unitKind]}</Typography.Text>
        </Flex>
      ),
    },
    { title: t.users.status, dataIndex: 'status', key: 'status', render: (s: User['status']) => <Tag color={STATUS_COLOURS[s]}>{t.userStatus[s]}</Tag> },
    { title: t.users.lastLogin, dataIndex: 'lastLoginAt', key: 'lastLogin', render: (v: string | null) => (v ? formatVnDateTime(v) : <Typography.Text type="secondary">{t.users.never}</Typography.Text>) },
    ...(manage
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, u: User) =>
              u.id === me.id ? null : u.status === 'disabled' ? (
                <Popconfirm title={t.users.confirmEnable(u.username)} okText={t.users.enable} cancelText={t.common.cancel} onConfirm={() => changeStatus(u, 'enable')}>
                  <Button size="small">{t.users.enable}</Button>
                </Popconfirm>
              ) : (
                <Popconfirm title={t.users.confirmDisable(u.username)} okText={t.users.disable} okButtonProps={{ danger: true }} cancelText={t.common.cancel} onConfirm={() => changeStatus(u, 'disable')}>
                  <Button size="small" danger>
                    {t.users.disable}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t.users.title}</Typography.Title>}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t.users.create}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t.users.searchPlaceholder}
          aria-label={t.users.searchPlaceholder}
          onSearch={(q) => setParams((p) => ({ ...p, q, page: 1 }))}
          style={{ width: 320 }}
        />
        <Select<Role | ''>
          aria-label={t.users.roleFilter}
          value={params.role ?? ''}
          onChange={(role) => setParams((p) => ({ ...p, role: role || undefined, page: 1 }))}
          options={[{ value: '', label: t.users.allRoles }, ...ROLES.map((r) => ({ value: r, label: t.roles[r] }))]}
          style={{ width: 280 }}
        />
        <Select<'active' | 'disabled' | ''>
          aria-label={t.users.statusFilter}
          value={params.status ?? ''}
          onChange={(status) => setParams((p) => ({ ...p, status: status || undefined, page: 1 }))}
          options={[
            { value: '', label: t.users.allStatuses },
            { value: 'active', label: t.userStatus.active },
            { value: 'disabled', label: t.userStatus.disabled },
          ]}
          style={{ width: 180 }}
        />
      </Flex>
      {users.isError && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        // Cells wrap down to this width; below it the table scrolls sideways.
        scroll={{ x: 960 }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t.common.total(total),
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  )
}
