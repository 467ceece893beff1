import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useMemo, useState } from 'react'
import { CHILD_KINDS, type UnitKind } from '../../../../domain/access/index.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { toUnitTree, useUnits, type UnitNode } from '../../../shared/units-query.js'
import { CreateUnitModal } from '../components/create-unit-modal.js'

const KIND_COLOURS: Readonly<Record<UnitKind, string>> = { central: 'magenta', province: 'blue', transaction_office: 'cyan', commune: 'green', village: 'gold' }

export function UnitsPage() {
  const t = useT()
  const can = useCan()
  const units = useUnits()
  const manage = can('units.manage')
  const [creating, setCreating] = useState<{ parentId: number | undefined } | undefined>(undefined)
  // Every branch starts open; the user may fold some, and new units show up unfolded.
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set())

  const tree = useMemo(() => toUnitTree(units.data ?? []), [units.data])
  const expanded = useMemo(() => (units.data ?? []).filter((u) => !folded.has(u.id)).map((u) => u.id), [units.data, folded])

  const columns: TableColumnsType<UnitNode> = [
    { title: t.units.name, dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: t.units.code, dataIndex: 'code', key: 'code', width: 140 },
    { title: t.units.kind, dataIndex: 'kind', key: 'kind', width: 240, render: (kind: UnitKind) => <Tag color={KIND_COLOURS[kind]}>{t.unitKinds[kind]}</Tag> },
    ...(manage
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 220,
            render: (_: unknown, unit: UnitNode) =>
              CHILD_KINDS[unit.kind].length > 0 && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating({ parentId: unit.id })} aria-label={`${t.units.addChild}: ${unit.name}`}>
                  {t.units.addChild}
                </Button>
              ),
          },
        ]
      : []),
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t.units.title}</Typography.Title>}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ parentId: undefined })}>
            {t.units.add}
          </Button>
        )
      }
    >
      {units.isError && <ErrorAlert error={units.error} onRetry={() => void units.refetch()} />}
      {units.data && (
        <Typography.Paragraph type="secondary">{t.units.count(units.data.length)}</Typography.Paragraph>
      )}
      <Table<UnitNode>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={units.isFetching}
        pagination={false}
        locale={{ emptyText: t.units.empty }}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, unit) =>
            setFolded((prev) => {
              const next = new Set(prev)
              if (open) next.delete(unit.id)
              else next.add(unit.id)
              return next
            }),
        }}
      />
      {manage && (
        <CreateUnitModal open={creating !== undefined} units={units.data ?? []} defaultParentId={creating?.parentId} onClose={() => setCreating(undefined)} />
      )}
    </Card>
  )
}
