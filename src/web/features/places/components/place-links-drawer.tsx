import { Alert, Descriptions, Drawer, Empty, List, Space, Spin, Table, Typography, type TableColumnsType } from 'antd'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { usePlace } from '../api.js'
import type { DistrictSuccessor, LinkedPlace, PlaceDetail, PlaceRef } from '../types.js'
import { AreaTag, LinkKindTag, UnitTypeTag } from './place-tags.js'

const dmy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '')

/** A unit of either layer with its links across 01/07/2025: predecessors (current) or successors (historical), full or partial. */
export function PlaceLinksDrawer({ target, onClose, onOpen }: { target: PlaceRef | undefined; onClose: () => void; onOpen: (ref: PlaceRef) => void }) {
  const t = useT()
  const place = usePlace(target)
  const d = t.places.detail
  return (
    <Drawer open={target !== undefined} onClose={onClose} size={680} title={place.data?.place.fullName ?? t.common.loading} destroyOnHidden>
      {place.isError && <ErrorAlert error={place.error} onRetry={() => void place.refetch()} />}
      {place.isPending && target !== undefined && <Spin />}
      {place.data && <Detail detail={place.data} onOpen={onOpen} />}
      {!place.data && !place.isPending && !place.isError && <Typography.Text type="secondary">{d.none}</Typography.Text>}
    </Drawer>
  )
}

function Detail({ detail, onOpen }: { detail: PlaceDetail; onOpen: (ref: PlaceRef) => void }) {
  const t = useT()
  const d = t.places.detail
  const { place } = detail
  const current = place.layer === 'current'
  const linkColumns = (layer: 'current' | 'historical'): TableColumnsType<LinkedPlace> => [
    { title: t.places.code, dataIndex: 'code', key: 'code', width: 90,
      render: (code: string, row) => <Typography.Link onClick={() => onOpen({ layer, level: row.level as PlaceRef['level'], code })}>{code}</Typography.Link> },
    { title: t.places.name, dataIndex: 'fullName', key: 'name', render: (name: string | null, row) => name ?? row.code },
    { title: layer === 'historical' ? d.district : d.province, dataIndex: 'parentName', key: 'parent', render: (v: string | null) => v ?? t.common.none },
    { title: d.kind, dataIndex: 'kind', key: 'kind', width: 110, render: (_: unknown, row) => <LinkKindTag kind={row.kind} /> },
  ]
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t.places.code}>{place.code}</Descriptions.Item>
        <Descriptions.Item label={t.places.type}><UnitTypeTag type={place.unitType} /></Descriptions.Item>
        {place.level === 'commune' && <Descriptions.Item label={t.places.area}><AreaTag area={place.areaType} /></Descriptions.Item>}
        {detail.district && <Descriptions.Item label={d.district}>{detail.district.fullName}</Descriptions.Item>}
        {detail.province && <Descriptions.Item label={d.province}>{detail.province.fullName}</Descriptions.Item>}
        <Descriptions.Item label={d.validity}>{current ? d.validFrom(dmy(place.validFrom)) : d.validTo(dmy(place.validTo))}</Descriptions.Item>
      </Descriptions>

      {detail.scopeResolution && (
        <Alert type={detail.scopeResolution.resolution === 'unresolved' ? 'warning' : 'info'} showIcon title={d.scopeResolution[detail.scopeResolution.resolution as keyof typeof d.scopeResolution] ?? detail.scopeResolution.resolution} />
      )}
      {detail.successorResolution && (
        <Alert
          type={detail.successorResolution.resolution === 'unresolved' ? 'warning' : 'info'}
          showIcon
          title={d.successorResolution[detail.successorResolution.resolution as keyof typeof d.successorResolution] ?? detail.successorResolution.resolution}
          description={detail.successorResolution.newCode ? `${d.countsUnder}: ${detail.successorResolution.newCode}` : undefined}
        />
      )}

      {current && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{d.predecessors}</Typography.Title>
          <Table<LinkedPlace> rowKey={(r) => `${r.level}:${r.code}`} size="small" columns={linkColumns('historical')} dataSource={[...detail.predecessors]} pagination={false} locale={{ emptyText: d.noLinks }} />
        </>
      )}
      {!current && place.level !== 'district' && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{d.successors}</Typography.Title>
          <Table<LinkedPlace> rowKey={(r) => `${r.level}:${r.code}`} size="small" columns={linkColumns('current')} dataSource={[...detail.successors]} pagination={false} locale={{ emptyText: d.noLinks }} />
        </>
      )}
      {!current && place.level === 'district' && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{d.districtSuccessors}</Typography.Title>
          {detail.districtSuccessors.length === 0 ? <Empty description={d.noLinks} /> : (
            <List<DistrictSuccessor>
              size="small"
              bordered
              dataSource={[...detail.districtSuccessors]}
              renderItem={(s) => (
                <List.Item>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Link strong onClick={() => onOpen({ layer: 'current', level: 'commune', code: s.code })}>{s.fullName ?? s.code}</Typography.Link>
                      <Typography.Text type="secondary">{s.code}</Typography.Text>
                      <LinkKindTag kind={s.kind} />
                      {s.sharedWithOtherDistricts && <Typography.Text type="warning">{d.shared}</Typography.Text>}
                    </Space>
                    <Typography.Text type="secondary">
                      {d.from}: {s.from.map((f) => `${f.fullName ?? f.code} (${t.places.linkKinds[f.kind].toLowerCase()})`).join(', ')}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Space>
  )
}
