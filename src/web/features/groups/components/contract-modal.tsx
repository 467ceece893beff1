import { App, Flex, Form, Input, Modal, Select } from 'antd'
import { useMemo, useState } from 'react'
import { useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreateContract, usePrograms } from '../api.js'
import { percentToMicros, vnToIso } from '../format.js'
import type { FeeTermsJson, OrganisationUnit } from '../types.js'
import { DialogError } from './dialog-error.js'

interface ContractForm {
  number: string
  bankUnitId: number
  organisationUnitId: number
  signedOn: string
  validFrom: string
  validTo?: string
  communeUnitIds?: number[]
  programCodes?: string[]
  feeOnOutstanding?: string
  feeOnInterest?: string
  commission?: string
  legalBasis: string
}

/** Thêm hợp đồng ủy thác: the two parties, the dates, what it covers and its first fee terms. */
export function ContractModal({ open, units: orgUnits, onClose }: { open: boolean; units: readonly OrganisationUnit[]; onClose: () => void }) {
  const t = useT()
  const g = t.groups
  const { message } = App.useApp()
  const [form] = Form.useForm<ContractForm>()
  const [error, setError] = useState<unknown>()
  const units = useUnits({ enabled: open })
  const programs = usePrograms(open)
  const create = useCreateContract()
  const bankUnitId = Form.useWatch('bankUnitId', form)
  const all = useMemo(() => units.data ?? [], [units.data])
  const bank = all.find((u) => u.id === bankUnitId)
  const bankUnits = all.filter((u) => u.kind === 'province' || u.kind === 'transaction_office')
  const under = (unitId: number) => bank !== undefined && (all.find((u) => u.id === unitId)?.path.startsWith(bank.path) ?? false)
  const parties = orgUnits.filter((o) => o.status === 'active' && under(o.bankUnitId))
  const communes = all.filter((u) => u.kind === 'commune' && under(u.id))
  const dateRule = { validator: async (_r: unknown, value?: string) => { if (value && !vnToIso(value)) throw new Error(g.invalidDate) } }
  const percentRule = { validator: async (_r: unknown, value?: string) => { if (value && !percentToMicros(value)) throw new Error(g.invalidPercent) } }
  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  return (
    <Modal open={open} title={g.createContract} okText={t.common.save} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} destroyOnHidden width={720}>
      <DialogError error={error} />
      <Form<ContractForm>
        form={form}
        name="entrustment-contract"
        layout="vertical"
        preserve={false}
        onFinish={async (v) => {
          setError(undefined)
          const terms: Record<string, string> = {}
          const put = (key: keyof FeeTermsJson, text?: string) => { const micros = text ? percentToMicros(text) : undefined; if (micros !== undefined) terms[key] = micros }
          put('feeOnOutstandingMonthlyMicros', v.feeOnOutstanding)
          put('feeOnInterestCollectedMicros', v.feeOnInterest)
          put('commissionOnInterestCollectedMicros', v.commission)
          try {
            const contract = await create.mutateAsync({
              number: v.number.trim(), bankUnitId: v.bankUnitId, organisationUnitId: v.organisationUnitId, signedOn: vnToIso(v.signedOn) ?? v.signedOn, validFrom: vnToIso(v.validFrom) ?? v.validFrom,
              validTo: v.validTo ? (vnToIso(v.validTo) ?? v.validTo) : null, communeUnitIds: v.communeUnitIds ?? [], programCodes: v.programCodes ?? [],
              feeTerms: { legalBasis: v.legalBasis.trim(), terms },
            })
            void message.success(g.contractCreated(contract.number))
            close()
          } catch (e) {
            setError(e)
          }
        }}
      >
        <Form.Item name="number" label={g.number} rules={[{ required: true, whitespace: true, message: t.common.required(g.number) }]}>
          <Input maxLength={60} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item name="bankUnitId" label={g.bankSide} rules={[{ required: true, message: t.common.choose(g.bankSide) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={bankUnits.map((u) => ({ value: u.id, label: u.name }))}
            onChange={() => form.setFieldsValue({ organisationUnitId: undefined, communeUnitIds: [] })} />
        </Form.Item>
        <Form.Item name="organisationUnitId" label={g.organisationSide} rules={[{ required: true, message: t.common.choose(g.organisationSide) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={parties.map((o) => ({ value: o.id, label: `${o.name} — ${g.levels[o.level]}` }))} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="signedOn" label={g.signedOn} rules={[{ required: true, message: t.common.required(g.signedOn) }, dateRule]}>
            <Input placeholder="dd/mm/yyyy" maxLength={10} />
          </Form.Item>
          <Form.Item name="validFrom" label={g.validFrom} rules={[{ required: true, message: t.common.required(g.validFrom) }, dateRule]}>
            <Input placeholder="dd/mm/yyyy" maxLength={10} />
          </Form.Item>
          <Form.Item name="validTo" label={g.validTo} rules={[dateRule]}>
            <Input placeholder={g.openEnded} maxLength={10} />
          </Form.Item>
        </Flex>
        <Form.Item name="communeUnitIds" label={g.scopeCommunes}>
          <Select<number[]> mode="multiple" allowClear placeholder={g.allCommunesScope} showSearch={{ optionFilterProp: 'label' }} options={communes.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="programCodes" label={g.programs}>
          <Select<string[]> mode="multiple" allowClear placeholder={g.allPrograms} showSearch={{ optionFilterProp: 'label' }} options={(programs.data ?? []).map((p) => ({ value: p.code, label: p.nameVi }))} />
        </Form.Item>
        <Form.Item name="feeOnOutstanding" label={g.feeOnOutstanding} extra={g.feeHint} rules={[percentRule]}>
          <Input style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="feeOnInterest" label={g.feeOnInterest} rules={[percentRule]}>
          <Input style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="commission" label={g.commission} rules={[percentRule]}>
          <Input style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="legalBasis" label={g.legalBasis} rules={[{ required: true, whitespace: true, message: t.common.required(g.legalBasis) }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
