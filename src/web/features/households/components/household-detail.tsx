import { ArrowLeftOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons'
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Spin, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd'
import { useMemo, useState } from 'react'
import { RELATIONS, type Relation } from '../../../../domain/households/index.js'
import { ApiError } from '../../../shared/api-client.js'
import { ErrorAlert, useErrorText, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useAddMember, useChangeHead, useDissolveHousehold, useHousehold, useRemoveMember, useUpdateHousehold, type HouseholdDetail, type Member } from '../api.js'
import { isoToVn, vnToIso } from '../format.js'
import { STATUS_COLOURS } from './household-list.js'
import { MEMBER_FIELD_OF_CODE, MemberFields, toMemberInput, type MemberFormValues } from './member-fields.js'

/** One household: its members (with CCCD, birth date, relation), its class history and its story. */
export function HouseholdDetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const household = useHousehold(id)
  const removeMember = useRemoveMember()
  const changeHead = useChangeHead()
  const dissolve = useDissolveHousehold()
  const [editing, setEditing] = useState(false)
  const [adding, setAdding] = useState(false)
  const [newHead, setNewHead] = useState<Member | undefined>()

  if (household.isError) return <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />
  if (!household.data) return <Spin />
  const h = household.data
  const manage = can('households.manage') && h.status === 'active'

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work()
      void message.success(done)
    } catch (error) {
      notifyError(error)
    }
  }

  const memberColumns = (current: boolean): TableColumnsType<Member> => [
    { title: t.households.fullName, dataIndex: 'fullName', key: 'name', render: (name: string, m) => (m.relation === 'head' && current ? <>{name} <Tag color="blue">{t.households.relations.head}</Tag></> : name) },
    { title: t.households.relation, dataIndex: 'relation', key: 'relation', render: (r: Relation) => t.households.relations[r] ?? r },
    { title: t.households.citizenId, dataIndex: 'citizenId', key: 'cccd', render: (v: string | null) => v ?? t.common.none },
    { title: t.households.birthDate, dataIndex: 'birthDate', key: 'birth', render: (v: string | null) => (v ? isoToVn(v) : t.common.none) },
    { title: t.households.age, dataIndex: 'ageYears', key: 'age', align: 'right', render: (v: number | null) => v ?? t.common.none },
    { title: t.households.sex, dataIndex: 'sex', key: 'sex', render: (v: 'male' | 'female' | null) => (v ? t.households.sexes[v] : t.common.none) },
    { title: t.households.ethnicity, dataIndex: 'ethnicity', key: 'ethnicity', render: (v: string | null) => v ?? t.common.none },
    { title: t.households.healthInsured, dataIndex: 'healthInsured', key: 'bhyt', render: (v: boolean | null) => (v === null ? t.common.none : v ? t.households.yes : t.households.no) },
    { title: t.households.inSchool, dataIndex: 'inSchool', key: 'school', render: (v: boolean | null) => (v === null ? t.common.none : v ? t.households.yes : t.households.no) },
    current
      ? { title: t.households.joinedOn, dataIndex: 'joinedOn', key: 'joined', render: (v: string) => isoToVn(v) }
      : { title: t.households.leftOn, dataIndex: 'leftOn', key: 'left', render: (v: string | null) => isoToVn(v) },
    ...(current && manage
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, m: Member) =>
              m.relation === 'head' ? null : (
                <Flex gap={4} wrap>
                  <Button size="small" onClick={() => setNewHead(m)}>{t.households.makeHead}</Button>
                  <Popconfirm
                    title={t.households.confirmRemove(m.fullName)}
                    okText={t.households.removeMember}
                    okButtonProps={{ danger: true }}
                    cancelText={t.common.cancel}
                    onConfirm={() => run(() => removeMember.mutateAsync({ id: h.id, personId: m.personId, note: null }), t.households.memberRemoved(m.fullName))}
                  >
                    <Button size="small" danger>{t.households.removeMember}</Button>
                  </Popconfirm>
                </Flex>
              ),
          },
        ]
      : []),
  ]

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={12}>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t.households.back} />
            <Typography.Title level={4} style={{ margin: 0 }}>{t.households.detailTitle(h.code)}</Typography.Title>
            <Tag color={STATUS_COLOURS[h.status]}>{t.households.statuses[h.status]}</Tag>
          </Flex>
        }
        extra={
          manage && (
            <Flex gap={8} wrap>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t.households.edit}</Button>
              <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>{t.households.addMember}</Button>
              <Popconfirm
                title={t.households.confirmDissolve(h.code)}
                okText={t.households.dissolve}
                okButtonProps={{ danger: true }}
                cancelText={t.common.cancel}
                onConfirm={() => run(() => dissolve.mutateAsync({ id: h.id, note: null }), t.households.dissolved(h.code))}
              >
                <Button danger>{t.households.dissolve}</Button>
              </Popconfirm>
            </Flex>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t.households.code}>{h.code}</Descriptions.Item>
          <Descriptions.Item label={t.households.head}>{h.headName ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={t.households.residenceType}>{t.households.residenceTypes[h.residenceType]}</Descriptions.Item>
          <Descriptions.Item label={t.households.commune}>{h.communeName}{h.communeCode ? ` (${h.communeCode})` : ''}</Descriptions.Item>
          <Descriptions.Item label={t.households.village}>{h.villageName ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={t.households.address}>{h.address ?? t.common.none}</Descriptions.Item>
          <Descriptions.Item label={t.households.formedOn}>{isoToVn(h.formedOn)}</Descriptions.Item>
          {h.endedOn && <Descriptions.Item label={t.households.endedOn}>{isoToVn(h.endedOn)}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title={t.households.membersTitle} size="small">
        <Table<Member> rowKey="personId" size="small" columns={memberColumns(true)} dataSource={[...h.members]} pagination={false} scroll={{ x: 1000 }} locale={{ emptyText: t.households.noMembers }} />
        {h.formerMembers.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t.households.formerMembersTitle}</Typography.Title>
            <Table<Member> rowKey={(m) => `${m.personId}-${m.joinedOn}`} size="small" columns={memberColumns(false)} dataSource={[...h.formerMembers]} pagination={false} scroll={{ x: 1000 }} />
          </>
        )}
      </Card>

      <Card title={t.households.classHistory} size="small">
        {h.classHistory.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.households.noClasses} />
        ) : (
          <Table
            rowKey={(c) => c.effectiveFrom}
            size="small"
            pagination={false}
            dataSource={[...h.classHistory]}
            columns={[
              { title: t.households.class, dataIndex: 'class', key: 'class', render: (c: string) => t.households.classes[c] ?? c },
              { title: t.households.effectiveFrom, dataIndex: 'effectiveFrom', key: 'from', render: (v: string) => isoToVn(v) },
              { title: t.households.decision, key: 'decision', render: (_: unknown, c) => t.households.decisionInfo(c.decisionNumber, isoToVn(c.decisionDate)) },
              { title: t.households.standard, dataIndex: 'standardCode', key: 'standard', render: (v: string | null) => v ?? t.common.none },
            ]}
          />
        )}
        {h.assessments.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t.households.assessments}</Typography.Title>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={[...h.assessments]}
              columns={[
                { title: t.households.surveyedOn, dataIndex: 'surveyedOn', key: 'on', render: (v: string) => isoToVn(v) },
                { title: t.households.class, dataIndex: 'resultClass', key: 'class', render: (c: string) => t.households.classes[c] ?? c },
                { title: t.households.income, dataIndex: 'incomePerPersonMonthDong', key: 'income', align: 'right', render: (v: string) => formatDong(v) },
                { title: t.households.deprivations, dataIndex: 'deprivationCount', key: 'dep', align: 'right' },
              ]}
            />
          </>
        )}
      </Card>

      <Card title={t.households.events} size="small">
        {h.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.households.noEvents} />
        ) : (
          <Timeline
            items={h.events.map((e) => ({
              key: e.id,
              content: (
                <Flex vertical>
                  <Typography.Text strong>{isoToVn(e.onDate)} — {t.households.eventKinds[e.kind] ?? e.kind}</Typography.Text>
                  {e.persons.length > 0 && e.persons.length <= 12 && <Typography.Text>{e.persons.map((p) => p.fullName ?? `#${p.id}`).join(', ')}</Typography.Text>}
                  {[...e.sources, ...e.targets].some((r) => r.id !== h.id) && (
                    <Typography.Text type="secondary">
                      {t.households.related}: {[...e.sources, ...e.targets].filter((r) => r.id !== h.id).map((r) => r.code ?? `#${r.id}`).join(', ')}
                    </Typography.Text>
                  )}
                  {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.createdByName ?? t.households.system} · {formatVnDateTime(e.createdAt)}</Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Card>

      <EditHouseholdModal household={h} open={editing} onClose={() => setEditing(false)} />
      <AddMemberModal household={h} open={adding} onClose={() => setAdding(false)} />
      <Modal open={newHead !== undefined} title={newHead ? t.households.makeHeadTitle(newHead.fullName) : ''} onCancel={() => setNewHead(undefined)} destroyOnHidden footer={null}>
        {newHead && (
          <FormerHeadForm
            onSubmit={(relation) =>
              run(async () => {
                await changeHead.mutateAsync({ id: h.id, personId: newHead.personId, formerHeadRelation: relation })
                setNewHead(undefined)
              }, t.households.headChanged(newHead.fullName))
            }
            onCancel={() => setNewHead(undefined)}
            loading={changeHead.isPending}
          />
        )}
      </Modal>
    </Flex>
  )
}

function FormerHeadForm({ onSubmit, onCancel, loading }: { onSubmit: (relation: Relation) => void; onCancel: () => void; loading: boolean }) {
  const t = useT()
  return (
    <Form<{ relation: Relation }> layout="vertical" initialValues={{ relation: 'spouse' }} onFinish={(v) => onSubmit(v.relation)}>
      <Form.Item name="relation" label={t.households.formerHeadRelation} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={RELATIONS.filter((r) => r !== 'head').map((r) => ({ value: r, label: t.households.relations[r] }))} />
      </Form.Item>
      <Flex gap={8} justify="end">
        <Button onClick={onCancel}>{t.common.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={loading}>{t.common.save}</Button>
      </Flex>
    </Form>
  )
}

function EditHouseholdModal({ household, open, onClose }: { household: HouseholdDetail; open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const units = useUnits({ enabled: open })
  const update = useUpdateHousehold()
  const [form] = Form.useForm<{ address?: string; villageUnitId?: number }>()
  const villages = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'village' && u.parentId === household.communeUnitId), [units.data, household.communeUnitId])
  return (
    <Modal
      open={open}
      title={t.households.edit}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ address: household.address ?? '', villageUnitId: household.villageUnitId ?? undefined }}
        onFinish={async (v) => {
          try {
            await update.mutateAsync({ id: household.id, address: v.address?.trim() || null, villageUnitId: v.villageUnitId ?? null })
            void message.success(t.households.saved)
            onClose()
          } catch (error) {
            notifyError(error)
          }
        }}
      >
        <Form.Item name="villageUnitId" label={t.households.village}>
          <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={villages.map((v) => ({ value: v.id, label: v.name }))} />
        </Form.Item>
        <Form.Item name="address" label={t.households.address}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function AddMemberModal({ household, open, onClose }: { household: HouseholdDetail; open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const add = useAddMember()
  const [form] = Form.useForm<{ member: MemberFormValues; joinedOn?: string }>()
  return (
    <Modal
      open={open}
      width={880}
      title={t.households.addMember}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={add.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ member: { relation: 'child' } }}
        onFinish={async (v) => {
          try {
            await add.mutateAsync({ id: household.id, member: toMemberInput(v.member), joinedOn: v.joinedOn ? vnToIso(v.joinedOn) ?? null : null })
            void message.success(t.households.memberAdded(v.member.fullName.trim()))
            onClose()
          } catch (error) {
            const field = error instanceof ApiError ? MEMBER_FIELD_OF_CODE[error.code] : undefined
            if (field) form.setFields([{ name: ['member', field], errors: [errorText(error)] }])
            else void message.error(errorText(error))
          }
        }}
      >
        <MemberFields prefix="member" fullPath={['member']} relations={RELATIONS.filter((r) => r !== 'head')} />
        <Form.Item
          name="joinedOn"
          label={t.households.joinedOn}
          extra={t.households.form.joinedOnHint}
          rules={[{ validator: async (_r, value?: string) => { if (value && !vnToIso(value)) throw new Error(t.households.form.invalidDate) } }]}
        >
          <Input placeholder="dd/mm/yyyy" maxLength={10} style={{ maxWidth: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
