import { PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Empty, Flex, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import type { UnitKind } from '../../../../domain/access/index.js'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan, useMe } from '../../../shared/session.js'
import { useBranches, useClosePoint, useNetworkTree } from '../api.js'
import { AssignCommunesModal } from '../components/assign-communes-modal.js'
import { CreateBranchModal } from '../components/create-branch-modal.js'
import { CreateOfficeModal } from '../components/create-office-modal.js'
import { CreatePointModal } from '../components/create-point-modal.js'
import { CreateVillageModal } from '../components/create-village-modal.js'
import type { NetworkUnit, TransactionPoint, TreeNode } from '../types.js'

const KIND_COLOURS: Readonly<Record<UnitKind, string>> = { central: 'magenta', province: 'blue', transaction_office: 'cyan', commune: 'green', village: 'gold' }

interface Row extends TreeNode {
  children?: Row[]
}

/** Nests the tree's flat list (parents first) under the root. */
function nest(nodes: readonly TreeNode[], rootId: number): Row[] {
  const byParent = new Map<number, Row[]>()
  for (const node of nodes) {
    if (node.id === rootId || node.parentId === null) continue
    const list = byParent.get(node.parentId) ?? []
    list.push({ ...node })
    byParent.set(node.parentId, list)
  }
  const build = (row: Row): Row => {
    const children = (byParent.get(row.id) ?? []).map(build)
    return children.length > 0 ? { ...row, children } : row
  }
  const root = nodes.find((n) => n.id === rootId)
  return root ? [build({ ...root })] : []
}

/** Mạng lưới: branch → transaction offices → communes (with their transaction points) → villages, and the forms that build it. */
export function NetworkPage() {
  const t = useT()
  const n = t.network
  const can = useCan()
  const me = useMe()
  const manage = can('network.manage')
  const branches = useBranches()
  const [branchId, setBranchId] = useState<number | undefined>(undefined)
  // Users bound below a branch (an office, a commune) see their own subtree.
  const rootId = branches.data && branches.data.length === 0 && me.unitKind !== 'central' ? me.unitId : branchId
  const tree = useNetworkTree(rootId)
  const [creatingBranch, setCreatingBranch] = useState(false)
  const [officeFor, setOfficeFor] = useState<NetworkUnit | undefined>(undefined)
  const [assignFor, setAssignFor] = useState<NetworkUnit | undefined>(undefined)
  const [villageFor, setVillageFor] = useState<TreeNode | undefined>(undefined)
  const [pointFor, setPointFor] = useState<TreeNode | undefined>(undefined)
  const closePoint = useClosePoint()
  const notifyError = useNotifyError()

  useEffect(() => {
    const first = branches.data?.[0]
    if (branchId === undefined && first) setBranchId(first.id)
  }, [branches.data, branchId])

  const rows = useMemo(() => (tree.data ? nest(tree.data.nodes, tree.data.root.id) : []), [tree.data])
  const expanded = useMemo(() => (tree.data?.nodes ?? []).filter((node) => node.kind !== 'commune').map((node) => node.id), [tree.data])
  const [openCommunes, setOpenCommunes] = useState<ReadonlySet<number>>(new Set())

  const pointText = (p: TransactionPoint) => n.pointSchedule(p.monthlyDay, p.startTime)
  const columns: TableColumnsType<Row> = [
    {
      title: n.name, dataIndex: 'name', key: 'name', width: 260,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong={row.kind !== 'village'}>{row.name}</Typography.Text>
          {row.kind === 'village' && row.formerCommuneName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.formerCommuneOf(row.formerCommuneName)}</Typography.Text>}
        </Space>
      ),
    },
    { title: n.code, dataIndex: 'code', key: 'code', width: 120 },
    { title: n.kind, dataIndex: 'kind', key: 'kind', width: 170, render: (kind: UnitKind) => <Tag color={KIND_COLOURS[kind]}>{t.unitKinds[kind]}</Tag> },
    { title: n.area, key: 'area', width: 110, render: (_: unknown, row) => (row.areaType ? <Tag color={row.areaType === 'urban' ? 'geekblue' : 'green'}>{n.areaTypes[row.areaType]}</Tag> : null) },
    {
      title: n.points, key: 'points',
      render: (_: unknown, row) =>
        row.kind === 'commune' && (
          <Space orientation="vertical" size={2}>
            {row.points.length === 0 && <Typography.Text type="secondary">{n.noPoints}</Typography.Text>}
            {row.points.map((p) => (
              <Flex key={p.id} gap={6} align="center" wrap>
                <Typography.Text delete={p.status === 'closed'}>{p.siteName}</Typography.Text>
                <Tag color={p.status === 'active' ? 'blue' : 'default'}>{pointText(p)}</Tag>
                {p.formerCommuneName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.servesOf(p.formerCommuneName)}</Typography.Text>}
                {p.status === 'closed' && <Tag>{n.closed}</Tag>}
                {/* -- dashboards: the point's public posting (công khai), programs and rates in force and its borrowers -- */}
                {can('reports.read') && p.status === 'active' && (
                  <Button size="small" type="link" href={`/api/v1/transaction-points/${p.id}/public-posting.pdf`} target="_blank">{t.dashboards.postingPdf}</Button>
                )}
                {manage && p.status === 'active' && (
                  <Popconfirm title={n.confirmClosePoint(p.siteName)} okText={n.closePoint} cancelText={t.common.cancel}
                    onConfirm={() => closePoint.mutateAsync(p.id).catch(notifyError)}>
                    <Button size="small" type="link" danger>{n.closePoint}</Button>
                  </Popconfirm>
                )}
              </Flex>
            ))}
          </Space>
        ),
    },
    ...(manage
      ? [{
          title: t.common.actions, key: 'actions', width: 230,
          render: (_: unknown, row: Row) => (
            <Space orientation="vertical" size={4}>
              {row.kind === 'province' && <Button size="small" icon={<PlusOutlined />} onClick={() => setOfficeFor(row)} aria-label={`${n.createOffice}: ${row.name}`}>{n.createOffice}</Button>}
              {row.kind === 'transaction_office' && <Button size="small" icon={<PlusOutlined />} onClick={() => setAssignFor(row)} aria-label={`${n.assignCommunes}: ${row.name}`}>{n.assignCommunes}</Button>}
              {row.kind === 'commune' && (
                <>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setPointFor(row)} aria-label={`${n.addPoint}: ${row.name}`}>{n.addPoint}</Button>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setVillageFor(row)} aria-label={`${n.addVillage}: ${row.name}`}>{n.addVillage}</Button>
                </>
              )}
            </Space>
          ),
        }]
      : []),
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{n.title}</Typography.Title>}
      extra={manage && me.unitKind === 'central' && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingBranch(true)}>{n.createBranch}</Button>}
    >
      <Typography.Paragraph type="secondary">{n.intro}</Typography.Paragraph>
      {branches.isError && <ErrorAlert error={branches.error} onRetry={() => void branches.refetch()} />}
      {(branches.data?.length ?? 0) > 0 && (
        <Flex align="center" gap={12} style={{ marginBottom: 16 }} wrap>
          <Typography.Text strong>{n.branch}</Typography.Text>
          <Select<number>
            aria-label={n.branch}
            style={{ minWidth: 320 }}
            value={branchId}
            onChange={setBranchId}
            options={(branches.data ?? []).map((b) => ({ value: b.id, label: `${b.name} (${n.branchCounts(b.officeCount, b.communeCount)})` }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Flex>
      )}
      {branches.data && branches.data.length === 0 && me.unitKind === 'central' && <Empty description={n.noBranches} />}
      {tree.isError && <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} />}
      {tree.data?.truncated && <Alert type="warning" showIcon title={n.truncated} style={{ marginBottom: 12 }} />}
      {rootId !== undefined && (
        <Table<Row>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={tree.isFetching}
          pagination={false}
          expandable={{
            expandedRowKeys: [...expanded, ...openCommunes],
            onExpand: (open, row) => {
              if (row.kind !== 'commune') return
              setOpenCommunes((prev) => {
                const next = new Set(prev)
                if (open) next.add(row.id)
                else next.delete(row.id)
                return next
              })
            },
          }}
        />
      )}
      {manage && (
        <>
          <CreateBranchModal open={creatingBranch} branches={branches.data ?? []} onClose={() => setCreatingBranch(false)} onCreated={setBranchId} />
          <CreateOfficeModal branch={officeFor} onClose={() => setOfficeFor(undefined)} />
          <AssignCommunesModal office={assignFor} onClose={() => setAssignFor(undefined)} />
          <CreateVillageModal commune={villageFor} onClose={() => setVillageFor(undefined)} />
          <CreatePointModal commune={pointFor} onClose={() => setPointFor(undefined)} />
        </>
      )}
    </Card>
  )
}
