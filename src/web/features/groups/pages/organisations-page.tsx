import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useContracts, useOrganisationUnits } from '../api.js'
import { ContractModal } from '../components/contract-modal.js'
import { OrganisationUnitModal } from '../components/organisation-unit-modal.js'
import { isoToVn, microsToPercent } from '../format.js'
import type { Contract, OrganisationUnit } from '../types.js'

/** Hội đoàn thể ủy thác: the organisations' units opposite the bank, and the entrustment contracts with them. */
export function OrganisationsPage() {
  const t = useT()
  const g = t.groups
  const { locale } = useLanguage()
  const can = useCan()
  const manage = can('entrustment.manage')
  const units = useOrganisationUnits()
  const contracts = useContracts()
  const [addingUnit, setAddingUnit] = useState(false)
  const [addingContract, setAddingContract] = useState(false)

  const unitColumns: TableColumnsType<OrganisationUnit> = [
    { title: g.unitName, dataIndex: 'name', key: 'name' },
    { title: g.organisation, dataIndex: 'organisation', key: 'org', render: (o: OrganisationUnit['organisation']) => t.organisations[o] },
    { title: g.level, dataIndex: 'level', key: 'level', render: (l: string) => g.levels[l] ?? l },
    { title: g.bankUnit, dataIndex: 'bankUnitName', key: 'bank' },
    { title: g.parent, dataIndex: 'parentName', key: 'parent', render: (v: string | null) => v ?? t.common.none },
    { title: g.groupCount, dataIndex: 'groupCount', key: 'groups', align: 'right' },
  ]
  const fees = (c: Contract) => {
    const current = c.feeTerms.at(-1)?.termsJson
    if (!current) return t.common.none
    const part = (label: string, micros?: string) => (micros ? `${label}: ${microsToPercent(micros, locale)}` : null)
    return [part(g.feeOnOutstanding, current.feeOnOutstandingMonthlyMicros), part(g.feeOnInterest, current.feeOnInterestCollectedMicros), part(g.commission, current.commissionOnInterestCollectedMicros)]
      .filter((x) => x !== null)
      .map((x) => <div key={x}>{x}</div>)
  }
  const contractColumns: TableColumnsType<Contract> = [
    { title: g.number, dataIndex: 'number', key: 'number' },
    { title: g.bankSide, dataIndex: 'bankUnitName', key: 'bank' },
    { title: g.organisationSide, dataIndex: 'organisationUnitName', key: 'org' },
    { title: g.signedOn, dataIndex: 'signedOn', key: 'signed', render: (v: string) => isoToVn(v) },
    { title: g.validFrom, key: 'valid', render: (_: unknown, c) => `${isoToVn(c.validFrom)} – ${c.validTo ? isoToVn(c.validTo) : g.openEnded}` },
    { title: g.programs, key: 'programs', render: (_: unknown, c) => (c.programCodes.length ? c.programCodes.join(', ') : g.allPrograms) },
    { title: g.feeTerms, key: 'fees', render: (_: unknown, c) => <Typography.Text style={{ fontSize: 12 }}>{fees(c)}</Typography.Text> },
    { title: g.status, dataIndex: 'status', key: 'status', render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{g.contractStatuses[s] ?? s}</Tag> },
  ]

  return (
    <Flex vertical gap={16}>
      <Card
        title={<Typography.Title level={4} style={{ margin: 0 }}>{g.organisationsTitle}</Typography.Title>}
        extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAddingUnit(true)}>{g.createUnit}</Button>}
      >
        <Typography.Paragraph type="secondary">{g.organisationsIntro}</Typography.Paragraph>
        {units.isError && <ErrorAlert error={units.error} onRetry={() => void units.refetch()} />}
        <Table<OrganisationUnit> rowKey="id" size="small" columns={unitColumns} dataSource={units.data ?? []} loading={units.isFetching} pagination={false} locale={{ emptyText: g.noUnits }} />
      </Card>
      <Card
        title={<Typography.Title level={5} style={{ margin: 0 }}>{g.contractsTitle}</Typography.Title>}
        extra={manage && <Button icon={<PlusOutlined />} onClick={() => setAddingContract(true)}>{g.createContract}</Button>}
      >
        {contracts.isError && <ErrorAlert error={contracts.error} onRetry={() => void contracts.refetch()} />}
        <Table<Contract> rowKey="id" size="small" columns={contractColumns} dataSource={contracts.data ?? []} loading={contracts.isFetching} pagination={false} locale={{ emptyText: g.noContracts }} scroll={{ x: 1000 }} />
      </Card>
      {manage && (
        <>
          <OrganisationUnitModal open={addingUnit} units={units.data ?? []} onClose={() => setAddingUnit(false)} />
          <ContractModal open={addingContract} units={units.data ?? []} onClose={() => setAddingContract(false)} />
        </>
      )}
    </Flex>
  )
}
