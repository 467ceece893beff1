import { Card, Flex, Select, Table, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { LOAN_STATUSES, useLoans, type LoanListItem, type LoanStatus } from '../api.js'
import { day, sumDong } from '../format.js'
import { LoanStatusTag, Nowrap } from './status-tags.js'

/** Khoản vay: the loans in the user's scope with their balances, newest first. */
export function LoanList({ onOpen }: { onOpen: (id: string) => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const [params, setParams] = useState<{ status: LoanStatus | undefined; page: number; pageSize: number }>({ status: undefined, page: 1, pageSize: 20 })
  const loans = useLoans(params)
  const l = t.lending.loans

  const columns: TableColumnsType<LoanListItem> = [
    { title: l.id, dataIndex: 'id', key: 'id', width: 70, render: (id: string) => <Typography.Link onClick={() => onOpen(id)}>{id}</Typography.Link> },
    {
      title: l.household, key: 'household',
      render: (_: unknown, r) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(r.id)}>{r.head_name ?? r.household_code}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${r.household_code} · ${r.commune_name}`}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: l.program, key: 'program',
      render: (_: unknown, r) => (
        <Flex vertical>
          <span>{locale === 'vi' ? r.program_name : r.program_name_en}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${l.contractDate}: ${day(r.contract_date)}`}</Typography.Text>
        </Flex>
      ),
    },
    { title: l.approved, dataIndex: 'approved_dong', key: 'approved', align: 'right', render: (v: string) => <Nowrap>{formatDong(v)}</Nowrap> },
    { title: l.disbursed, dataIndex: 'disbursed_dong', key: 'disbursed', align: 'right', render: (v: string) => <Nowrap>{formatDong(v)}</Nowrap> },
    { title: l.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => <Nowrap>{formatDong(sumDong(r.principal_in_term_dong, r.principal_overdue_dong, r.principal_frozen_dong))}</Nowrap> },
    { title: l.interestDue, key: 'interest', align: 'right', render: (_: unknown, r) => <Nowrap>{formatDong(sumDong(r.interest_dong, r.overdue_interest_dong))}</Nowrap> },
    { title: l.status, dataIndex: 'status', key: 'status', render: (s: LoanStatus) => <LoanStatusTag status={s} /> },
  ]

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{l.title}</Typography.Title>}>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<LoanStatus | ''>
          aria-label={l.status}
          value={params.status ?? ''}
          onChange={(s) => setParams((p) => ({ ...p, status: s || undefined, page: 1 }))}
          options={[{ value: '', label: l.allStatuses }, ...LOAN_STATUSES.map((s) => ({ value: s, label: l.statuses[s] }))]}
          style={{ width: 240 }}
        />
      </Flex>
      {loans.isError && <ErrorAlert error={loans.error} onRetry={() => void loans.refetch()} />}
      <Table<LoanListItem>
        rowKey="id"
        columns={columns}
        dataSource={loans.data?.items ?? []}
        loading={loans.isFetching}
        locale={{ emptyText: l.empty }}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: loans.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t.common.total(total),
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
    </Card>
  )
}
