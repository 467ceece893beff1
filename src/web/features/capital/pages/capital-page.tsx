import { DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../../shared/api-client.js'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { microsPercent, statementXlsxUrl, useAmendAgreement, useCapitalKinds, useCreateFund, useEntry, useMovement, useSources, useStatement, type CapitalSource, type MovementKind, type StatementLine } from '../api.js'

const DATE = 'DD/MM/YYYY'
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)

function useUnitOptions(kinds?: readonly string[]) {
  const units = useUnits()
  return (units.data ?? []).filter((u) => !kinds || kinds.includes(u.kind)).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }))
}

function usePrograms() {
  return useQuery({ queryKey: ['capital', 'programs'], queryFn: async () => (await api.get<{ items: { code: string; name_vi?: string; nameVi?: string }[] }>('/api/v1/programs')).items })
}

/** Nguồn vốn: sources and agreements, recording a local fund and amending its agreement, receipts, allocations, contributions and returns, the fund statement. */
export function CapitalPage() {
  const t = useT().capital
  const can = useCan()
  const manage = can('capital.manage')
  const [tab, setTab] = useState('sources')
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.title}</Typography.Title>}>
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'sources', label: t.tabs.sources, children: <SourcesTab /> },
        ...(manage ? [{ key: 'record', label: t.tabs.record, children: <RecordFundTab onDone={() => setTab('sources')} /> }, { key: 'amend', label: t.tabs.amend, children: <AmendAgreementTab onDone={() => setTab('sources')} /> }, { key: 'movements', label: t.tabs.movements, children: <MovementsTab /> }] : []),
        { key: 'statement', label: t.tabs.statement, children: <StatementTab /> },
      ]} />
    </Card>
  )
}

function SourcesTab() {
  const t = useT().capital
  const { locale } = useLanguage()
  const sources = useSources()
  const columns: TableColumnsType<CapitalSource> = [
    { title: t.code, dataIndex: 'code', key: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    { title: t.name, key: 'name', render: (_: unknown, s) => (locale === 'vi' ? s.nameVi : s.nameEn) },
    { title: t.kind, key: 'kind', render: (_: unknown, s) => <Tag color={s.kind === 'local' ? 'green' : 'blue'}>{t.kinds[s.kind]}</Tag> },
    { title: t.owner, dataIndex: 'ownerUnitName', key: 'owner' },
    {
      title: t.agreement, key: 'agreement',
      render: (_: unknown, s) => s.agreement && (
        <Space direction="vertical" size={0}>
          <span>{s.agreement.number} · {formatVnDate(s.agreement.validFrom)}</span>
          <Typography.Text type="secondary">{s.agreement.programCodes.length === 0 ? t.allPrograms : s.agreement.programCodes.join(', ')}</Typography.Text>
          <Typography.Text type="secondary">{t.split(microsPercent(s.agreement.fundShareMicros), microsPercent(s.agreement.reserveShareMicros), microsPercent(s.agreement.bankFeeMicros))}</Typography.Text>
        </Space>
      ),
    },
  ]
  if (sources.error) return <ErrorAlert error={sources.error} />
  return <Table<CapitalSource> rowKey="code" size="middle" columns={columns} dataSource={sources.data ?? []} loading={sources.isFetching} pagination={false} data-testid="capital-sources" />
}

interface FundForm {
  code: string; nameVi: string; nameEn: string; ownerUnitId: number; number: string; signedOn: Dayjs; validFrom: Dayjs; validTo?: Dayjs | null; legalBasis: string
  bankUnitId: number; programCodes?: string[]; localPovertyStandard?: boolean; fundShare: number; reserveShare: number; bankFee: number
}

function RecordFundTab({ onDone }: { onDone: () => void }) {
  const t = useT().capital
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const [form] = Form.useForm<FundForm>()
  const owners = useUnitOptions(['province', 'commune'])
  const banks = useUnitOptions(['province', 'transaction_office'])
  const programs = usePrograms()
  const create = useCreateFund()
  const submit = (v: FundForm) => create.mutate({
    code: v.code, nameVi: v.nameVi, nameEn: v.nameEn, ownerUnitId: v.ownerUnitId,
    agreement: {
      number: v.number, signedOn: iso(v.signedOn), validFrom: iso(v.validFrom), validTo: iso(v.validTo) ?? null, legalBasis: v.legalBasis, bankUnitId: v.bankUnitId,
      programCodes: v.programCodes ?? [], localPovertyStandard: v.localPovertyStandard ?? false,
      fundShareMicros: Math.round(v.fundShare * 10_000), reserveShareMicros: Math.round(v.reserveShare * 10_000), bankFeeMicros: Math.round(v.bankFee * 10_000),
    },
  }, { onSuccess: () => { void message.success(t.saved); form.resetFields(); onDone() }, onError: notifyError })
  return (
    <Form<FundForm> form={form} layout="vertical" style={{ maxWidth: 720 }} onFinish={submit} initialValues={{ fundShare: 50, reserveShare: 20, bankFee: 30 }}>
      <Flex gap={12}>
        <Form.Item name="code" label={t.code} rules={[{ required: true, pattern: /^[A-Z0-9_]{2,40}$/ }]} style={{ flex: 1 }}><Input placeholder="LS_BUDGET" /></Form.Item>
        <Form.Item name="ownerUnitId" label={t.owner} rules={[{ required: true }]} style={{ flex: 2 }}><Select options={owners} showSearch optionFilterProp="label" aria-label={t.owner} /></Form.Item>
      </Flex>
      <Form.Item name="nameVi" label={t.name} rules={[{ required: true }]}><Input /></Form.Item>
      <Form.Item name="nameEn" label={t.nameEn} rules={[{ required: true }]}><Input /></Form.Item>
      <Flex gap={12}>
        <Form.Item name="number" label={t.agreementNumber} rules={[{ required: true }]} style={{ flex: 1 }}><Input /></Form.Item>
        <Form.Item name="signedOn" label={t.signedOn} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={t.signedOn} /></Form.Item>
        <Form.Item name="validFrom" label={t.validFrom} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={t.validFrom} /></Form.Item>
        <Form.Item name="validTo" label={t.validTo}><DatePicker format={DATE} aria-label={t.validTo} /></Form.Item>
      </Flex>
      <Form.Item name="legalBasis" label={t.legalBasis} rules={[{ required: true }]}><Input /></Form.Item>
      <Form.Item name="bankUnitId" label={t.bankUnit} rules={[{ required: true }]}><Select options={banks} showSearch optionFilterProp="label" aria-label={t.bankUnit} /></Form.Item>
      <Form.Item name="programCodes" label={t.programs} extra={t.allPrograms}>
        <Select mode="multiple" aria-label={t.programs} options={(programs.data ?? []).map((p) => ({ value: p.code, label: p.code }))} />
      </Form.Item>
      <Form.Item name="localPovertyStandard" valuePropName="checked"><Checkbox>{t.localPoverty}</Checkbox></Form.Item>
      <Flex gap={12}>
        <Form.Item name="fundShare" label={t.fundShare} rules={[{ required: true }]}><InputNumber min={0} max={100} aria-label={t.fundShare} /></Form.Item>
        <Form.Item name="reserveShare" label={t.reserveShare} rules={[{ required: true }]}><InputNumber min={0} max={100} aria-label={t.reserveShare} /></Form.Item>
        <Form.Item name="bankFee" label={t.bankFee} rules={[{ required: true }]}><InputNumber min={0} max={100} aria-label={t.bankFee} /></Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary">{t.splitHint}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={create.isPending}>{t.save}</Button>
    </Form>
  )
}

interface MoveForm {
  capitalSource: string; unitId?: number; fromUnitId?: number; toUnitId?: number; amountDong: string; date: Dayjs; reference: string
  contributorKind?: 'organisation' | 'firm' | 'person'; contributorName?: string; capitalKind?: string
}

function MovementForm({ kind }: { kind: MovementKind }) {
  const t = useT().capital
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const [form] = Form.useForm<MoveForm>()
  const sources = useSources()
  const kinds = useCapitalKinds()
  const units = useUnitOptions(['province', 'transaction_office', 'commune'])
  const move = useMovement(kind)
  const keys = useIdempotencyKeys()
  const chosenSource = Form.useWatch('capitalSource', form)
  const sourceKind = (sources.data ?? []).find((s) => s.code === chosenSource)?.kind
  const submit = (v: MoveForm) => {
    const common = { capitalSource: v.capitalSource, amountDong: v.amountDong.trim(), date: iso(v.date), reference: v.reference }
    const body = kind === 'allocations' ? { ...common, fromUnitId: v.fromUnitId, toUnitId: v.toUnitId }
      : kind === 'contributions' ? { ...common, unitId: v.unitId, contributorKind: v.contributorKind, contributorName: v.contributorName, ...(v.capitalKind ? { capitalKind: v.capitalKind } : {}) }
        : { ...common, unitId: v.unitId }
    move.mutate({ body, key: keys.keyFor(body) }, {
      onSuccess: () => { keys.settle(); void message.success(t.done[kind]); form.resetFields(['amountDong', 'reference', 'contributorName']) },
      onError: notifyError,
    })
  }
  const title = t.movementTitles[kind]
  const kindOptions = (kinds.data ?? []).filter((k) => k.appliesTo === 'any' || !sourceKind || k.appliesTo === sourceKind)
    .map((k) => ({ value: k.code, label: locale === 'vi' ? k.nameVi : k.nameEn }))
  return (
    <Card size="small" title={title} style={{ flex: 1, minWidth: 340 }}>
      <Form<MoveForm> form={form} layout="vertical" onFinish={submit} name={kind} initialValues={kind === 'contributions' ? { contributorKind: 'organisation', capitalKind: 'contributions' } : undefined}>
        <Form.Item name="capitalSource" label={t.source} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" aria-label={`${title} ${t.source}`} options={(sources.data ?? []).map((s) => ({ value: s.code, label: `${s.code} — ${s.nameVi}` }))} />
        </Form.Item>
        {kind === 'allocations'
          ? <>
            <Form.Item name="fromUnitId" label={t.fromUnit} rules={[{ required: true }]}><Select aria-label={t.fromUnit} options={units} showSearch optionFilterProp="label" /></Form.Item>
            <Form.Item name="toUnitId" label={t.toUnit} rules={[{ required: true }]}><Select aria-label={t.toUnit} options={units} showSearch optionFilterProp="label" /></Form.Item>
          </>
          : <Form.Item name="unitId" label={kind === 'returns' ? t.returningUnit : t.unit} rules={[{ required: true }]}><Select aria-label={`${title} ${t.unit}`} options={units} showSearch optionFilterProp="label" /></Form.Item>}
        {kind === 'contributions' && (
          <>
            <Form.Item name="contributorKind" label={t.contributorKind} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" aria-label={`${title} ${t.contributorKind}`} options={(['organisation', 'firm', 'person'] as const).map((k) => ({ value: k, label: t.contributorKinds[k] }))} />
            </Form.Item>
            <Form.Item name="contributorName" label={t.contributorName} rules={[{ required: true, whitespace: true }]}><Input aria-label={`${title} ${t.contributorName}`} maxLength={200} /></Form.Item>
            <Form.Item name="capitalKind" label={t.capitalKind}>
              <Select allowClear aria-label={`${title} ${t.capitalKind}`} options={kindOptions} loading={kinds.isLoading} />
            </Form.Item>
          </>
        )}
        <Form.Item name="amountDong" label={t.amount} rules={[{ required: true, pattern: /^[\d.]+$/ }]}><Input aria-label={`${title} ${t.amount}`} placeholder="1.500.000" /></Form.Item>
        <Form.Item name="date" label={t.date} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={`${title} ${t.date}`} /></Form.Item>
        <Form.Item name="reference" label={t.reference} rules={[{ required: true }]}><Input aria-label={`${title} ${t.reference}`} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={move.isPending}>{title}</Button>
      </Form>
    </Card>
  )
}

function MovementsTab() {
  return <Flex gap={16} wrap><MovementForm kind="receipts" /><MovementForm kind="allocations" /><MovementForm kind="contributions" /><MovementForm kind="returns" /></Flex>
}

interface AmendForm {
  source: string; number: string; signedOn: Dayjs; validFrom: Dayjs; validTo?: Dayjs | null; legalBasis: string; bankUnitId: number
  programCodes?: string[]; localPovertyStandard?: boolean; fundShare: number; reserveShare: number; bankFee: number; note?: string
}

/** Phụ lục thỏa thuận: a new dated version of a local fund's agreement; the versions before it stay as they were. */
function AmendAgreementTab({ onDone }: { onDone: () => void }) {
  const t = useT().capital
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const [form] = Form.useForm<AmendForm>()
  const sources = useSources()
  const banks = useUnitOptions(['province', 'transaction_office'])
  const programs = usePrograms()
  const amend = useAmendAgreement()
  const chosen = Form.useWatch('source', form)
  const funds = (sources.data ?? []).filter((s) => s.kind === 'local')
  const current = funds.find((s) => s.code === chosen)?.agreement ?? null
  const label = (text: string) => `${t.amendTitle} ${text}`
  // The new version starts from the one in force: the officer changes what the amendment changes.
  const pick = (code: string) => {
    const a = funds.find((s) => s.code === code)?.agreement
    if (!a) return
    form.setFieldsValue({
      bankUnitId: a.bankUnitId, programCodes: [...a.programCodes], localPovertyStandard: a.localPovertyStandard,
      fundShare: a.fundShareMicros / 10_000, reserveShare: a.reserveShareMicros / 10_000, bankFee: a.bankFeeMicros / 10_000,
    })
  }
  const submit = (v: AmendForm) => amend.mutate({
    code: v.source,
    body: {
      number: v.number, signedOn: iso(v.signedOn), validFrom: iso(v.validFrom), validTo: iso(v.validTo) ?? null, legalBasis: v.legalBasis, bankUnitId: v.bankUnitId,
      programCodes: v.programCodes ?? [], localPovertyStandard: v.localPovertyStandard ?? false,
      fundShareMicros: Math.round(v.fundShare * 10_000), reserveShareMicros: Math.round(v.reserveShare * 10_000), bankFeeMicros: Math.round(v.bankFee * 10_000),
      note: v.note?.trim() || null,
    },
  }, { onSuccess: () => { void message.success(t.amended); form.resetFields(); onDone() }, onError: notifyError })
  const sumsTo100 = async () => {
    const { fundShare, reserveShare, bankFee } = form.getFieldsValue(['fundShare', 'reserveShare', 'bankFee']) as Partial<AmendForm>
    if (Math.round(((fundShare ?? 0) + (reserveShare ?? 0) + (bankFee ?? 0)) * 10_000) !== 1_000_000) throw new Error(t.splitHint)
  }
  return (
    <Form<AmendForm> form={form} name="amend" layout="vertical" style={{ maxWidth: 720 }} onFinish={submit}>
      <Form.Item name="source" label={t.fund} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" aria-label={label(t.fund)} onChange={pick}
          options={funds.map((s) => ({ value: s.code, label: `${s.code} — ${locale === 'vi' ? s.nameVi : s.nameEn}` }))} />
      </Form.Item>
      {current && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="capital-agreement-in-force"
          title={t.inForce(current.version, current.number, formatVnDate(current.validFrom), current.validTo ? formatVnDate(current.validTo) : null)} />
      )}
      <Flex gap={12}>
        <Form.Item name="number" label={t.agreementNumber} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}><Input aria-label={label(t.agreementNumber)} maxLength={100} /></Form.Item>
        <Form.Item name="signedOn" label={t.signedOn} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={label(t.signedOn)} /></Form.Item>
        <Form.Item name="validFrom" label={t.validFrom} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={label(t.validFrom)} /></Form.Item>
        <Form.Item name="validTo" label={t.validTo}><DatePicker format={DATE} aria-label={label(t.validTo)} /></Form.Item>
      </Flex>
      <Form.Item name="legalBasis" label={t.legalBasis} rules={[{ required: true, whitespace: true }]}><Input aria-label={label(t.legalBasis)} maxLength={500} /></Form.Item>
      <Form.Item name="bankUnitId" label={t.bankUnit} rules={[{ required: true }]}><Select options={banks} showSearch optionFilterProp="label" aria-label={label(t.bankUnit)} /></Form.Item>
      <Form.Item name="programCodes" label={t.programs} extra={t.allPrograms}>
        <Select mode="multiple" aria-label={label(t.programs)} options={(programs.data ?? []).map((p) => ({ value: p.code, label: p.code }))} />
      </Form.Item>
      <Form.Item name="localPovertyStandard" valuePropName="checked"><Checkbox>{t.localPoverty}</Checkbox></Form.Item>
      <Flex gap={12}>
        <Form.Item name="fundShare" label={t.fundShare} rules={[{ required: true }]}><InputNumber min={0} max={100} aria-label={label(t.fundShare)} /></Form.Item>
        <Form.Item name="reserveShare" label={t.reserveShare} rules={[{ required: true }]}><InputNumber min={0} max={100} aria-label={label(t.reserveShare)} /></Form.Item>
        <Form.Item name="bankFee" label={t.bankFee} dependencies={['fundShare', 'reserveShare']} rules={[{ required: true }, { validator: sumsTo100 }]}><InputNumber min={0} max={100} aria-label={label(t.bankFee)} /></Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary">{t.splitHint}</Typography.Paragraph>
      <Form.Item name="note" label={t.note}><Input aria-label={label(t.note)} maxLength={1000} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={amend.isPending}>{t.amendSave}</Button>
    </Form>
  )
}

function EntryPostings({ id }: { id: string }) {
  const t = useT().capital
  const entry = useEntry(id)
  if (entry.error) return <ErrorAlert error={entry.error} />
  return (
    <Table size="small" rowKey="id" pagination={false} loading={entry.isFetching} dataSource={entry.data?.postings ?? []}
      columns={[{ title: t.account, dataIndex: 'key', key: 'key' }, { title: t.amount, key: 'a', align: 'right', render: (_: unknown, p: { amount_dong: string }) => formatDong(p.amount_dong) }]} />
  )
}

function StatementTab() {
  const t = useT().capital
  const { locale } = useLanguage()
  const sources = useSources()
  const units = useUnitOptions(['province', 'transaction_office', 'commune'])
  const [query, setQuery] = useState<{ source: string; from: string; to: string; unitId?: number | undefined } | null>(null)
  const statement = useStatement(query)
  const s = statement.data
  const columns: TableColumnsType<StatementLine> = [
    { title: t.date, key: 'date', render: (_: unknown, l) => formatVnDate(l.date) },
    { title: t.entry, dataIndex: 'entryId', key: 'entry' },
    { title: t.category, key: 'category', render: (_: unknown, l) => t.categories[l.category] ?? l.category },
    { title: t.description, dataIndex: 'description', key: 'description' },
    { title: t.in, key: 'in', align: 'right', render: (_: unknown, l) => (l.inDong === '0' ? '' : formatDong(l.inDong)) },
    { title: t.out, key: 'out', align: 'right', render: (_: unknown, l) => (l.outDong === '0' ? '' : formatDong(l.outDong)) },
  ]
  return (
    <>
      <Form layout="inline" style={{ marginBottom: 16 }} initialValues={{ range: [dayjs().startOf('year'), dayjs()] }}
        onFinish={(v: { source: string; unitId?: number; range: [Dayjs, Dayjs] }) => setQuery({ source: v.source, unitId: v.unitId, from: iso(v.range[0])!, to: iso(v.range[1])! })}>
        <Form.Item name="source" label={t.source} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" style={{ width: 260 }} aria-label={`${t.tabs.statement} ${t.source}`} options={(sources.data ?? []).map((x) => ({ value: x.code, label: `${x.code} — ${x.nameVi}` }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t.unit}><Select allowClear showSearch optionFilterProp="label" style={{ width: 240 }} aria-label={`${t.tabs.statement} ${t.unit}`} options={units} /></Form.Item>
        <Form.Item name="range" label={`${t.from} – ${t.to}`} rules={[{ required: true }]}><DatePicker.RangePicker format={DATE} /></Form.Item>
        <Button type="primary" htmlType="submit">{t.show}</Button>
        {query && <Button icon={<DownloadOutlined />} href={statementXlsxUrl(query, locale)} style={{ marginLeft: 8 }}>{t.export}</Button>}
      </Form>
      {statement.error && <ErrorAlert error={statement.error} />}
      {s && (
        <>
          <Descriptions bordered size="small" column={3} style={{ marginBottom: 16 }} data-testid="capital-statement-summary">
            <Descriptions.Item label={t.opening} span={3}>{formatDong(s.opening.balanceDong)} ({t.capital} {formatDong(s.opening.capitalDong)} − {t.outstanding} {formatDong(s.opening.outstandingDong)})</Descriptions.Item>
            {Object.entries(s.totals).filter(([, v]) => v !== '0').map(([k, v]) => <Descriptions.Item key={k} label={t.categories[k] ?? k}>{formatDong(v)}</Descriptions.Item>)}
            <Descriptions.Item label={t.totalIn}>{formatDong(s.inDong)}</Descriptions.Item>
            <Descriptions.Item label={t.totalOut} span={2}>{formatDong(s.outDong)}</Descriptions.Item>
            <Descriptions.Item label={t.closing} span={3}><Typography.Text strong data-testid="capital-closing">{formatDong(s.closing.balanceDong)}</Typography.Text> ({t.capital} {formatDong(s.closing.capitalDong)} − {t.outstanding} {formatDong(s.closing.outstandingDong)})</Descriptions.Item>
          </Descriptions>
          {s.lines.length === 0 && <Alert type="info" message={t.empty} />}
          <Table<StatementLine> rowKey="entryId" size="middle" columns={columns} dataSource={[...s.lines]} pagination={false} expandable={{ expandedRowRender: (l) => <EntryPostings id={l.entryId} /> }} />
        </>
      )}
    </>
  )
}
