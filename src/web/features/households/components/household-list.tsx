import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Card, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useMemo, useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useHouseholds, type HouseholdListItem, type HouseholdListParams, type HouseholdStatus } from '../api.js'

export const STATUS_COLOURS: Record<HouseholdStatus, string> = { active: 'green', split: 'blue', merged: 'purple', dissolved: 'default' }
const STATUSES: readonly HouseholdStatus[] = ['active', 'split', 'merged', 'dissolved']

/** Hộ gia đình: search by a member's name typed with or without diacritics, a code or a CCCD; filter by village and status. */
export function HouseholdList({ onOpen, onCreate, onImport }: { onOpen: (id: string) => void; onCreate: () => void; onImport: () => void }) {
  const t = useT()
  const can = useCan()
  const manage = can('households.manage')
  const [params, setParams] = useState<HouseholdListParams>({ q: '', villageUnitId: undefined, status: undefined, page: 1, pageSize: 20 })
  const households = useHouseholds(params)
  const units = useUnits()
  const villages = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'village').sort((a, b) => a.name.localeCompare(b.name, 'vi')), [units.data])

  const columns: TableColumnsType<HouseholdListItem> = [
    { title: t.households.code, dataIndex: 'code', key: 'code', render: (code: string, h) => <Typography.Link onClick={() => onOpen(h.id)}>{code}</Typography.Link> },
    {
      title: t.households.head,
      dataIndex: 'headName',
      key: 'head',
      render: (name: string | null, h) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(h.id)}>{name ?? t.common.none}</Typography.Link>
          {h.headCitizenId && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.households.citizenId}: {h.headCitizenId}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t.households.memberCount, dataIndex: 'memberCount', key: 'members', align: 'right' },
    {
      title: t.households.place,
      key: 'place',
      render: (_: unknown, h) => (
        <Flex vertical>
          {h.villageName ?? t.common.none}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.communeName}</Typography.Text>
        </Flex>
      ),
    },
    { title: t.households.address, dataIndex: 'address', key: 'address', render: (a: string | null) => a ?? t.common.none },
    { title: t.households.residenceType, dataIndex: 'residenceType', key: 'residence', render: (r: 'rural' | 'urban') => t.households.residenceTypes[r] },
    { title: t.households.status, dataIndex: 'status', key: 'status', render: (s: HouseholdStatus) => <Tag color={STATUS_COLOURS[s]}>{t.households.statuses[s]}</Tag> },
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t.households.title}</Typography.Title>}
      extra={
        manage && (
          <Flex gap={8}>
            <Button icon={<UploadOutlined />} onClick={onImport}>{t.households.import}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>{t.households.create}</Button>
          </Flex>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          enterButton={t.common.search}
          placeholder={t.households.searchPlaceholder}
          aria-label={t.households.searchPlaceholder}
          onSearch={(q) => setParams((p) => ({ ...p, q, page: 1 }))}
          style={{ width: 460, maxWidth: '100%' }}
        />
        <Select<number | ''>
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t.households.village}
          value={params.villageUnitId ?? ''}
          onChange={(v) => setParams((p) => ({ ...p, villageUnitId: v === '' ? undefined : v, page: 1 }))}
          options={[{ value: '', label: t.households.allVillages }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
          style={{ width: 220 }}
        />
        <Select<HouseholdStatus | ''>
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t.households.status}
          value={params.status ?? ''}
          onChange={(s) => setParams((p) => ({ ...p, status: s || undefined, page: 1 }))}
          options={[{ value: '', label: t.households.allStatuses }, ...STATUSES.map((s) => ({ value: s, label: t.households.statuses[s] }))]}
          style={{ width: 180 }}
        />
      </Flex>
      {households.isError && <ErrorAlert error={households.error} onRetry={() => void households.refetch()} />}
      <Table<HouseholdListItem>
        rowKey="id"
        columns={columns}
        dataSource={households.data?.items ?? []}
        loading={households.isFetching}
        locale={{ emptyText: t.households.empty }}
        scroll={{ x: 960 }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: households.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t.common.total(total),
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
    </Card>
  )
}
