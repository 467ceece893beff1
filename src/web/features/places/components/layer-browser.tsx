import { Button, Card, Col, Empty, Input, Row, Table, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCommunes, useDistricts, useProvinces } from '../api.js'
import type { Layer, PlaceListItem, PlaceRef, ProvinceSummary } from '../types.js'
import { AreaTag, UnitTypeTag } from './place-tags.js'

const PAGE_SIZE = 20

/**
 * One address layer: the provinces on the left; on the right the communes of the chosen province
 * (current layer) or its districts and then the communes of the chosen district (historical).
 * A search box finds communes by name with or without diacritics, or by code.
 */
export function LayerBrowser({ layer, onOpen }: { layer: Layer; onOpen: (ref: PlaceRef) => void }) {
  const t = useT()
  const historical = layer === 'historical'
  const provinces = useProvinces(layer)
  const [province, setProvince] = useState<string | undefined>(undefined)
  const [district, setDistrict] = useState<string | undefined>(undefined)
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const districts = useDistricts(historical ? province : undefined)
  const searching = q.trim() !== ''
  const showCommunes = searching || (historical ? district !== undefined : province !== undefined)
  const communes = useCommunes(
    { layer, province: searching ? undefined : province, district: searching ? undefined : district, q: searching ? q.trim() : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    showCommunes,
  )
  const open = (ref: Omit<PlaceRef, 'layer'>) => onOpen({ layer, ...ref })
  const linkButton = (ref: Omit<PlaceRef, 'layer'>, name: string) => (
    <Button size="small" onClick={() => open(ref)} aria-label={`${t.places.links}: ${name}`}>{t.places.links}</Button>
  )

  const provinceColumns: TableColumnsType<ProvinceSummary> = [
    { title: t.places.code, dataIndex: 'code', key: 'code', width: 64 },
    { title: t.places.name, dataIndex: 'fullName', key: 'name' },
    historical
      ? { title: t.places.districtCount, dataIndex: 'districtCount', key: 'districts', width: 90, align: 'right' }
      : { title: t.places.communeCount, dataIndex: 'communeCount', key: 'communes', width: 80, align: 'right' },
    { key: 'links', width: 110, render: (_: unknown, p) => linkButton({ level: 'province', code: p.code }, p.fullName) },
  ]
  const districtColumns: TableColumnsType<PlaceListItem> = [
    { title: t.places.code, dataIndex: 'code', key: 'code', width: 64 },
    { title: t.places.name, dataIndex: 'fullName', key: 'name' },
    { title: t.places.type, dataIndex: 'unitType', key: 'type', width: 170, render: (v: string) => <UnitTypeTag type={v} /> },
    { key: 'links', width: 110, render: (_: unknown, p) => linkButton({ level: 'district', code: p.code }, p.fullName) },
  ]
  const communeColumns: TableColumnsType<PlaceListItem> = [
    { title: t.places.code, dataIndex: 'code', key: 'code', width: 80 },
    { title: t.places.name, dataIndex: 'fullName', key: 'name' },
    ...(searching ? [{ title: historical ? t.places.detail.district : t.places.detail.province, key: 'parent', render: (_: unknown, c: PlaceListItem) => (historical ? `${c.parentName ?? ''} — ${c.provinceName ?? ''}` : c.provinceName) }] : []),
    { title: t.places.type, dataIndex: 'unitType', key: 'type', width: 110, render: (v: string) => <UnitTypeTag type={v} /> },
    { title: t.places.area, dataIndex: 'areaType', key: 'area', width: 120, render: (_: unknown, c) => <AreaTag area={c.areaType} /> },
    { key: 'links', width: 110, render: (_: unknown, c) => linkButton({ level: 'commune', code: c.code }, c.fullName) },
  ]
  const selectedRow = (code: string | undefined) => (row: { code: string }) => (row.code === code ? 'ant-table-row-selected' : '')

  if (provinces.data && provinces.data.length === 0) return <Empty description={t.places.empty} />
  const chosenProvince = provinces.data?.find((p) => p.code === province)
  const chosenDistrict = districts.data?.items.find((d) => d.code === district)

  return (
    <Row gutter={16}>
      <Col xs={24} xl={9}>
        <Card size="small" title={t.places.provinces}>
          {provinces.isError && <ErrorAlert error={provinces.error} onRetry={() => void provinces.refetch()} />}
          <Table<ProvinceSummary>
            rowKey="code"
            size="small"
            columns={provinceColumns}
            dataSource={provinces.data ?? []}
            loading={provinces.isFetching}
            pagination={false}
            scroll={{ y: 560 }}
            rowClassName={selectedRow(province)}
            onRow={(p) => ({ onClick: () => { setProvince(p.code); setDistrict(undefined); setQ(''); setPage(1) }, style: { cursor: 'pointer' } })}
          />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Input.Search
          allowClear
          placeholder={t.places.searchPlaceholder}
          aria-label={t.places.searchPlaceholder}
          value={q}
          onChange={(e) => { setQ(e.target.value); setPage(1) }}
          style={{ marginBottom: 12 }}
        />
        {historical && !searching && province !== undefined && (
          <Card size="small" title={`${t.places.districts} — ${chosenProvince?.fullName ?? province}`} style={{ marginBottom: 12 }}>
            {districts.isError && <ErrorAlert error={districts.error} onRetry={() => void districts.refetch()} />}
            <Table<PlaceListItem>
              rowKey="code"
              size="small"
              columns={districtColumns}
              dataSource={districts.data?.items ?? []}
              loading={districts.isFetching}
              pagination={false}
              scroll={{ y: 240 }}
              rowClassName={selectedRow(district)}
              onRow={(d) => ({ onClick: () => { setDistrict(d.code); setPage(1) }, style: { cursor: 'pointer' } })}
            />
          </Card>
        )}
        {showCommunes ? (
          <Card size="small" title={searching ? t.places.searchResults : `${historical ? t.places.historicalCommunes : t.places.communes} — ${(historical ? chosenDistrict?.fullName : chosenProvince?.fullName) ?? ''}`}>
            {communes.isError && <ErrorAlert error={communes.error} onRetry={() => void communes.refetch()} />}
            <Table<PlaceListItem>
              rowKey="code"
              size="small"
              columns={communeColumns}
              dataSource={communes.data?.items ?? []}
              loading={communes.isFetching}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: communes.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t.common.total(n) }}
            />
          </Card>
        ) : (
          <Typography.Paragraph type="secondary">{historical && province !== undefined ? t.places.chooseDistrict : t.places.chooseProvince}</Typography.Paragraph>
        )}
      </Col>
    </Row>
  )
}
