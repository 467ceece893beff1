// Gói ngoại tuyến (docs/offline-package.md): the day downloaded as one sealed JSON file for a laptop
// with no connection, and the laptop's captures imported back on the open day. The import moves
// money, so it carries an Idempotency-Key (kept for retries of the same file); groups that cannot
// be posted come back as conflicts and are listed with their reason.
import { CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Flex, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useErrorText, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { fetchDayPackage, useImportPackage, type PackageImport, type TransactionDay } from '../api.js'
import { money } from '../format.js'

/** Offers a JSON value as a file download. */
function saveJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

function ImportOutcome({ result, groupName }: { result: PackageImport; groupName: (id: string) => string }) {
  const d = useT().transactionDay
  if (result.posted.length === 0 && result.conflicts.length === 0) return <Alert type="info" showIcon title={d.importNothing} />
  return (
    <Flex vertical gap={8} data-testid="package-result">
      {result.posted.length > 0 && (
        <Alert type="success" showIcon title={d.importPosted(result.posted.length)}
          description={(
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {result.posted.map((p) => (
                <li key={p.batchId}>
                  {groupName(p.groupId)} — {d.batch} #{p.batchId}: {d.remitted} {money(p.totals.remittedDong)}
                  {p.flags.length > 0 && <Typography.Text type="danger"> · {d.flagsRaised(p.flags.length)}</Typography.Text>}
                </li>
              ))}
            </ul>
          )} />
      )}
      {result.conflicts.length > 0 && (
        <Alert type="warning" showIcon title={d.importConflicts(result.conflicts.length)}
          description={(
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {result.conflicts.map((c) => (
                <li key={c.groupId}>
                  {groupName(c.groupId)}: {d.conflictReasons[c.reason] ?? c.reason}
                  {c.loanIds && c.loanIds.length > 0 ? ` (${d.conflictLoans(c.loanIds.map((id) => `#${id}`).join(', '))})` : ''}
                </li>
              ))}
            </ul>
          )} />
      )}
    </Flex>
  )
}

export function OfflinePackageCard({ day, groupName }: { day: TransactionDay; groupName: (id: string) => string }) {
  const d = useT().transactionDay
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const errorText = useErrorText()
  const importPackage = useImportPackage(day.id)
  const keys = useIdempotencyKeys()
  const [downloading, setDownloading] = useState(false)
  const [error, setError] = useState<unknown>()
  const [unreadable, setUnreadable] = useState(false)
  const [result, setResult] = useState<PackageImport>()

  const download = async () => {
    setDownloading(true)
    try {
      const pkg = await fetchDayPackage(day.id)
      const name = `goi-ngay-giao-dich-${day.pointCode}-${day.heldOn}.json`
      saveJson(name, pkg)
      void message.success(d.packageDownloaded(name))
    } catch (e) {
      notifyError(e)
    } finally {
      setDownloading(false)
    }
  }

  const upload = async (file: File) => {
    setError(undefined)
    setUnreadable(false)
    setResult(undefined)
    let pkg: unknown
    try {
      pkg = JSON.parse(await file.text())
    } catch {
      setUnreadable(true)
      return
    }
    try {
      const imported = await importPackage.mutateAsync({ pkg, idempotencyKey: keys.keyFor(pkg) })
      keys.settle()
      setResult(imported)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <Card size="small" title={d.offlinePackage} data-testid="offline-package">
      <Typography.Paragraph type="secondary">{d.offlineIntro}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: result || unreadable || error !== undefined ? 12 : 0 }}>
        <Button icon={<CloudDownloadOutlined />} loading={downloading} onClick={() => void download()}>{d.downloadPackage}</Button>
        {day.status === 'open' && (
          <Upload accept=".json,application/json" showUploadList={false} maxCount={1} beforeUpload={(file) => { void upload(file); return false }}>
            <Button icon={<CloudUploadOutlined />} loading={importPackage.isPending}>{d.importResults}</Button>
          </Upload>
        )}
      </Flex>
      {(unreadable || error !== undefined) && <Alert type="error" showIcon role="alert" data-testid="package-refusal" title={unreadable ? d.packageUnreadable : errorText(error)} />}
      {result && <ImportOutcome result={result} groupName={groupName} />}
    </Card>
  )
}
