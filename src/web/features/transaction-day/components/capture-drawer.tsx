// The capture screen of one group on the day: a row per member-loan, money cells typed from the
// keyboard (Enter down the column, Tab across), the leader's remittance and the totals always in
// view, posted once with an Idempotency-Key kept for the retries of the same submission. A loan
// with money still to hand over gets a disbursement cell and its recipient (the household head by
// default, any current member of the household otherwise); such a line carries no repayment.
import { ThunderboltOutlined } from '@ant-design/icons'
import { Alert, App, Button, Descriptions, Drawer, Flex, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd'
import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { usePlanRoomCheck } from '../../plans/room-check.js'
import { useCapture, useHouseholdPersons, type CaptureInput, type CaptureResult, type SheetGroup, type TransactionDay } from '../api.js'
import { cellDong, money, sumDong, toCell } from '../format.js'
import { sheetRows, type SheetRow } from './day-sheet.js'
import { ReconciliationTag } from './status-tags.js'

const FIELDS = ['interest', 'principal', 'deposit', 'withdrawal', 'savingsToPrincipal', 'disburse', 'memberPaid'] as const
type Field = (typeof FIELDS)[number]
/** Cells a savings-only row (no loan) cannot take. */
const LOAN_ONLY: ReadonlySet<Field> = new Set(['interest', 'principal', 'savingsToPrincipal', 'disburse'])
/** Repayments: a line that disburses carries none of them (the API refuses disburse_and_repay). */
const REPAYMENTS: readonly Field[] = ['interest', 'principal', 'savingsToPrincipal']

const dueOf = (row: SheetRow): bigint => (row.loan ? BigInt(row.loan.interestDueDong) + BigInt(row.loan.overdueInterestDueDong) : 0n)
/** Approved but not yet handed over (0 without a loan). */
const undisbursedOf = (row: SheetRow): bigint => (row.loan ? BigInt(row.loan.undisbursedDong) : 0n)
const blankCells = (n: number): string[][] => Array.from({ length: n }, () => FIELDS.map(() => ''))

export function CaptureDrawer({ dayId, day, group, onClose }: { dayId: string; day: TransactionDay; group: SheetGroup | undefined; onClose: () => void }) {
  return (
    <Drawer open={group !== undefined} onClose={onClose} width="min(1280px, 100vw)" destroyOnHidden
      title={group ? <CaptureTitle group={group} /> : ''} styles={{ body: { paddingBottom: 8 } }}>
      {group && <CaptureForm key={group.groupId} dayId={dayId} day={day} group={group} onClose={onClose} />}
    </Drawer>
  )
}

function CaptureTitle({ group }: { group: SheetGroup }) {
  return <>{useT().transactionDay.captureTitle(group.code, group.name)}</>
}

function CaptureForm({ dayId, day, group, onClose }: { dayId: string; day: TransactionDay; group: SheetGroup; onClose: () => void }) {
  const t = useT()
  const d = t.transactionDay
  const { message } = App.useApp()
  const errorText = useErrorText()
  const capture = useCapture(dayId)
  const keys = useIdempotencyKeys()
  const rows = useMemo(() => sheetRows(group), [group])
  const [cells, setCells] = useState<string[][]>(() => blankCells(rows.length))
  /** Who receives each row's disbursement: the household head unless changed. */
  const [recipients, setRecipients] = useState<(string | null)[]>(() => rows.map((r) => r.member.headPersonId))
  const disbursing = rows.some((r) => undisbursedOf(r) > 0n)
  /** null: follows the breakdown (interest + deposits). */
  const [remitted, setRemitted] = useState<string | null>(null)
  const [collected, setCollected] = useState('')
  const [error, setError] = useState<unknown>()
  const checkRoom = usePlanRoomCheck()
  /** The room left when the plan rule blocks this batch's disbursements. */
  const [roomBlocked, setRoomBlocked] = useState<{ programCode: string; roomDong: string }>()
  const [result, setResult] = useState<CaptureResult>()
  const table = useRef<HTMLDivElement>(null)

  const amounts = cells.map((row) => row.map(cellDong))
  const amountOf = (r: number, field: Field) => amounts[r]![FIELDS.indexOf(field)]
  const disbursedOf = (r: number) => amountOf(r, 'disburse') ?? 0n
  /** A disbursement above what the loan has left to hand over. */
  const overDisbursed = (r: number) => disbursedOf(r) > undisbursedOf(rows[r]!)
  /** A line both disbursing and repaying. */
  const disburseAndRepay = (r: number) => disbursedOf(r) > 0n && REPAYMENTS.some((f) => (amountOf(r, f) ?? 0n) > 0n)
  const lineProblems = rows.map((_, r) => overDisbursed(r) || disburseAndRepay(r) || (disbursedOf(r) > 0n && !recipients[r]))
  const invalid = amounts.some((row) => row.some((a) => a === undefined))
  const total = (field: Field) => amounts.reduce((s, row) => s + (row[FIELDS.indexOf(field)] ?? 0n), 0n)
  const totals = {
    interest: total('interest'), principal: total('principal'), deposit: total('deposit'), withdrawal: total('withdrawal'), savingsToPrincipal: total('savingsToPrincipal'),
    disburse: total('disburse'),
  }
  const breakdown = totals.interest + totals.deposit
  const remittedDong = remitted === null ? breakdown : cellDong(remitted)
  const collectedDong = collected.trim() === '' ? null : cellDong(collected)
  const mismatch = remittedDong !== undefined && remittedDong !== breakdown
  const shortfall = remittedDong !== undefined && collectedDong !== null && collectedDong !== undefined && collectedDong > remittedDong ? collectedDong - remittedDong : 0n

  const setCell = (r: number, c: number, value: string) => setCells((prev) => prev.map((row, i) => (i === r ? row.map((v, j) => (j === c ? value : v)) : row)))
  // A line that disburses keeps its interest cell empty: it carries no repayment.
  const fillDue = () => setCells((prev) => prev.map((row, i) => row.map((v, j) => (FIELDS[j] === 'interest' && rows[i]!.loan && disbursedOf(i) === 0n ? toCell(dueOf(rows[i]!)) : v))))
  const enabled = (r: number, c: number) => {
    const field = FIELDS[c]!
    if (field === 'disburse') return undisbursedOf(rows[r]!) > 0n
    return rows[r]!.loan !== null || !LOAN_ONLY.has(field)
  }
  /** Enter: the same column, next row that takes it (Shift+Enter: previous). */
  const onKeyDown = (r: number, c: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const step = event.shiftKey ? -1 : 1
    for (let next = r + step; next >= 0 && next < rows.length; next += step) {
      if (!enabled(next, c)) continue
      const input = table.current?.querySelector<HTMLInputElement>(`input[data-cell="${next}-${c}"]`)
      input?.focus()
      input?.select()
      return
    }
  }

  /** The batch's disbursements per program and capital source: the plan's room is asked for each. */
  const disbursedBySource = (): [string, bigint][] => {
    const sums = new Map<string, bigint>()
    rows.forEach((row, r) => {
      if (!row.loan || disbursedOf(r) === 0n) return
      const key = `${row.loan.programCode}|${row.loan.capitalSourceCode}`
      sums.set(key, (sums.get(key) ?? 0n) + disbursedOf(r))
    })
    return [...sums]
  }

  const submit = async () => {
    if (invalid || lineProblems.some(Boolean) || remittedDong === undefined || collectedDong === undefined) return
    const body: CaptureInput = {
      groupId: group.groupId,
      remittedDong: remittedDong.toString(),
      collectedDong: collectedDong === null ? null : collectedDong.toString(),
      lines: rows.map((row, i) => {
        const a = (f: Field) => (amounts[i]![FIELDS.indexOf(f)] ?? 0n).toString()
        return {
          householdId: row.member.householdId, loanId: row.loan?.loanId ?? null, interestDong: a('interest'), principalDong: a('principal'), savingsDepositDong: a('deposit'),
          savingsWithdrawalDong: a('withdrawal'), savingsToPrincipalDong: a('savingsToPrincipal'), disbursedDong: a('disburse'),
          recipientPersonId: disbursedOf(i) > 0n ? recipients[i] ?? null : null,
          memberPaidDong: cells[i]![FIELDS.indexOf('memberPaid')]!.trim() === '' ? null : a('memberPaid'),
        }
      }),
    }
    setError(undefined)
    setRoomBlocked(undefined)
    const verdict = await checkRoom(disbursedBySource().map(([key, amountDong]) => {
      const [programCode, capitalSourceCode] = key.split('|') as [string, string]
      return { communeUnitId: day.communeUnitId, programCode, capitalSourceCode, date: day.heldOn, amountDong: amountDong.toString() }
    }))
    if (verdict.kind === 'cancelled') return
    if (verdict.kind === 'blocked') {
      setRoomBlocked({ programCode: verdict.question.programCode, roomDong: verdict.roomDong })
      return
    }
    try {
      const posted = await capture.mutateAsync({ body, idempotencyKey: keys.keyFor(body) })
      keys.settle()
      setResult(posted)
      void message.success(d.posted(group.code))
    } catch (e) {
      setError(e)
    }
  }

  if (result) return <CaptureOutcome rows={rows} result={result} onClose={onClose} />

  const label = (field: Field) => ({
    interest: d.interest, principal: d.principal, deposit: d.deposit, withdrawal: d.withdrawal, savingsToPrincipal: d.savingsToPrincipal, disburse: d.disburse, memberPaid: d.memberPaid,
  })[field]
  const cellStatus = (r: number, field: Field) => {
    if (amountOf(r, field) === undefined) return 'error' as const
    if (field === 'disburse' && overDisbursed(r)) return 'error' as const
    if (disburseAndRepay(r) && (field === 'disburse' || REPAYMENTS.includes(field)) && (amountOf(r, field) ?? 0n) > 0n) return 'error' as const
    return undefined
  }
  const cellColumn = (field: Field): TableColumnsType<SheetRow>[number] => {
    const c = FIELDS.indexOf(field)
    return {
      title: field === 'memberPaid' ? <span title={d.memberPaidHint}>{label(field)}</span> : label(field), key: field, width: 130,
      render: (_: unknown, row: SheetRow, r: number) => (
        <Input size="small" inputMode="numeric" maxLength={20} style={{ textAlign: 'right' }} value={cells[r]![c]} disabled={!enabled(r, c)}
          status={cellStatus(r, field)} data-cell={`${r}-${c}`}
          title={field === 'disburse' && undisbursedOf(row) > 0n ? d.undisbursed(money(undisbursedOf(row).toString())) : undefined}
          aria-label={`${label(field)} ${row.member.householdCode}${row.loan && row.member.loans.length > 1 ? ` #${row.loan.loanId}` : ''}`}
          onChange={(e) => setCell(r, c, e.target.value)} onKeyDown={onKeyDown(r, c)} onFocus={(e) => e.target.select()} />
      ),
    }
  }
  const recipientColumn: TableColumnsType<SheetRow>[number] = {
    title: d.recipient, key: 'recipient', width: 200,
    render: (_: unknown, row: SheetRow, r: number) => (undisbursedOf(row) > 0n
      ? <RecipientSelect row={row} value={recipients[r] ?? null} needed={disbursedOf(r) > 0n}
          onChange={(personId) => setRecipients((prev) => prev.map((v, i) => (i === r ? personId : v)))} />
      : null),
  }
  const columns: TableColumnsType<SheetRow> = [
    {
      title: d.member, key: 'member', fixed: 'left', width: 200,
      render: (_: unknown, row) => (
        <Flex vertical>
          <span>{row.member.headName ?? row.member.householdCode}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.member.householdCode}{row.loan ? ` · ${row.loan.programCode} #${row.loan.loanId}` : ` · ${d.noLoan}`}</Typography.Text>
          {undisbursedOf(row) > 0n && <Typography.Text type="warning" style={{ fontSize: 12 }}>{d.undisbursed(money(undisbursedOf(row).toString()))}</Typography.Text>}
        </Flex>
      ),
    },
    { title: d.interestDue, key: 'due', align: 'right', width: 120, render: (_: unknown, row) => (row.loan ? money(dueOf(row).toString()) : '') },
    { title: d.principalDue, key: 'principalDue', align: 'right', width: 120, render: (_: unknown, row) => (row.loan ? money(row.loan.principalDueDong) : '') },
    ...FIELDS.filter((f) => f !== 'disburse' || disbursing).flatMap((f) => (f === 'disburse' ? [cellColumn(f), recipientColumn] : [cellColumn(f)])),
  ]

  const refusalLine = error instanceof ApiError ? (error.details as { line?: unknown } | null)?.line : undefined
  const refusalRow = typeof refusalLine === 'number' ? rows[refusalLine] : undefined

  return (
    <Flex vertical gap={8} style={{ minHeight: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{d.captureIntro}</Typography.Text>
        <Button icon={<ThunderboltOutlined />} onClick={fillDue}>{d.fillDue}</Button>
      </Flex>
      <div ref={table}>
        <Table<SheetRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: disbursing ? 1530 : 1200 }} />
      </div>
      <div data-testid="capture-totals" style={{ position: 'sticky', bottom: 0, zIndex: 3, background: 'var(--ant-color-bg-container, #fff)', borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Flex gap={16} wrap align="end">
          <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }} title={d.leaderRemittedHint}>
            <Typography.Text strong>{d.leaderRemitted}</Typography.Text>
            <Space.Compact>
              <Input inputMode="numeric" maxLength={20} style={{ width: 160, textAlign: 'right' }} aria-label={d.leaderRemitted} status={remittedDong === undefined ? 'error' : undefined}
                value={remitted ?? toCell(breakdown)} onChange={(e) => setRemitted(e.target.value)} />
              {remitted !== null && <Button onClick={() => setRemitted(null)}>{d.resetRemitted}</Button>}
            </Space.Compact>
          </div>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }} title={d.leaderCollectedHint}>
            <Typography.Text strong>{d.leaderCollected}</Typography.Text>
            <Input inputMode="numeric" maxLength={20} style={{ width: 160, textAlign: 'right' }} aria-label={d.leaderCollected} status={collectedDong === undefined ? 'error' : undefined}
              value={collected} onChange={(e) => setCollected(e.target.value)} />
          </div>
          <Descriptions size="small" column={4} style={{ flex: 1, minWidth: 520 }} items={[
            { key: 'interest', label: d.interest, children: <span data-testid="total-interest">{money(totals.interest.toString())}</span> },
            { key: 'deposit', label: d.deposit, children: <span data-testid="total-deposit">{money(totals.deposit.toString())}</span> },
            { key: 'breakdown', label: d.breakdown, children: <span data-testid="total-breakdown">{money(breakdown.toString())}</span> },
            { key: 'principal', label: d.principal, children: money(totals.principal.toString()) },
            { key: 'withdrawal', label: d.withdrawal, children: money(totals.withdrawal.toString()) },
            { key: 'toPrincipal', label: d.savingsToPrincipal, children: money(totals.savingsToPrincipal.toString()) },
            { key: 'in', label: d.cashInTotal, children: money(sumDong(totals.interest.toString(), totals.principal.toString(), totals.deposit.toString())) },
            ...(disbursing ? [{ key: 'disbursed', label: d.disbursedTotal, children: <span data-testid="total-disbursed">{money(totals.disburse.toString())}</span> }] : []),
            { key: 'out', label: d.cashOutTotal, children: money((totals.withdrawal + totals.disburse).toString()) },
          ]} />
        </Flex>
        {invalid && <Alert type="error" showIcon title={d.badCells} style={{ marginTop: 8 }} />}
        {rows.some((_, r) => disburseAndRepay(r)) && <Alert type="error" showIcon data-testid="disburse-and-repay" title={d.disburseNoRepay} style={{ marginTop: 8 }} />}
        {rows.some((_, r) => overDisbursed(r)) && <Alert type="error" showIcon title={d.disburseTooMuch} style={{ marginTop: 8 }} />}
        {roomBlocked && <Alert type="error" showIcon role="alert" data-testid="plan-room-blocked" style={{ marginTop: 8 }} title={`${roomBlocked.programCode}: ${t.plans.roomBlocked(money(roomBlocked.roomDong))}`} />}
        {mismatch && remittedDong !== undefined && (
          <Alert type="warning" showIcon data-testid="remittance-mismatch" style={{ marginTop: 8 }}
            title={d.mismatch(money(remittedDong.toString()), money(breakdown.toString()), money((remittedDong - breakdown).toString()))} />
        )}
        {shortfall > 0n && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={d.shortfallWarning(money(shortfall.toString()))} />}
        {error !== undefined && (
          <Alert type="error" showIcon role="alert" data-testid="capture-refusal" style={{ marginTop: 8 }} title={errorText(error)}
            description={refusalRow && typeof refusalLine === 'number' ? d.lineRef(refusalLine + 1, refusalRow.member.householdCode) : undefined} />
        )}
        <Flex justify="end" gap={8} style={{ marginTop: 8 }}>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="primary" onClick={() => void submit()} loading={capture.isPending} disabled={invalid || lineProblems.some(Boolean) || remittedDong === undefined || collectedDong === undefined}>{d.submit}</Button>
        </Flex>
      </div>
    </Flex>
  )
}

/** Who receives a row's disbursement: a current member of the borrowing household (the head by default). */
function RecipientSelect({ row, value, needed, onChange }: { row: SheetRow; value: string | null; needed: boolean; onChange: (personId: string | null) => void }) {
  const d = useT().transactionDay
  const persons = useHouseholdPersons(row.member.householdId, true)
  const options = (persons.data ?? []).map((p) => ({ value: p.personId, label: p.fullName }))
  // Until the household is read, the head is shown by the name the sheet already carries.
  if (value !== null && !options.some((o) => o.value === value) && value === row.member.headPersonId) options.unshift({ value, label: row.member.headName ?? `#${value}` })
  return (
    <Select<string> size="small" style={{ width: '100%' }} value={value ?? undefined} options={options} loading={persons.isFetching} placeholder={d.chooseRecipient}
      status={needed && value === null ? 'error' : undefined} aria-label={`${d.recipient} ${row.member.householdCode}`} onChange={(v) => onChange(v ?? null)} />
  )
}

/** What the post answered: each line's reconciliation and the flags raised against the leader. */
function CaptureOutcome({ rows, result, onClose }: { rows: readonly SheetRow[]; result: CaptureResult; onClose: () => void }) {
  const d = useT().transactionDay
  const lines = result.lines.map((line, i) => ({ ...line, row: rows[i]!, key: String(i) }))
  type Line = (typeof lines)[number]
  const columns: TableColumnsType<Line> = [
    { title: d.member, key: 'member', render: (_: unknown, l) => `${l.row.member.headName ?? ''} (${l.row.member.householdCode})` },
    { title: d.loan, key: 'loan', render: (_: unknown, l) => (l.loanId ? `#${l.loanId}` : d.noLoan) },
    { title: d.interestDue, key: 'owed', align: 'right', render: (_: unknown, l) => money(l.interestOwedDong) },
    { title: d.reconciliation, key: 'status', render: (_: unknown, l) => <ReconciliationTag status={l.reconciliation} /> },
    {
      title: '', key: 'detail',
      render: (_: unknown, l) => [l.arrearsDong !== '0' ? d.arrears(money(l.arrearsDong)) : '', l.notRemittedDong !== '0' ? d.notRemitted(money(l.notRemittedDong)) : ''].filter(Boolean).join(' · '),
    },
  ]
  return (
    <Flex vertical gap={12} data-testid="capture-result">
      <Typography.Title level={5} style={{ margin: 0 }}>{d.resultTitle}</Typography.Title>
      {result.flags.length === 0
        ? <Alert type="success" showIcon title={d.noFlagsRaised} />
        : (
          <Alert type="error" showIcon title={d.flagsRaised(result.flags.length)}
            description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{result.flags.map((f) => <li key={f.id}>{d.rules[f.rule] ?? f.rule}: {money(f.amountDong)}</li>)}</ul>} />
        )}
      <Table<Line> rowKey="key" size="small" columns={columns} dataSource={lines} pagination={false} />
      <Flex justify="end"><Button type="primary" onClick={onClose}>{d.done}</Button></Flex>
    </Flex>
  )
}
