import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useMe } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreateGroup, useOrganisationUnits, usePoints } from '../api.js'
import { vnToIso } from '../format.js'
import { DialogError } from './dialog-error.js'

interface GroupFormValues {
  communeUnitId: number
  name: string
  code?: string
  villageUnitId?: number
  transactionPointId: number
  organisationUnitId: number
  foundingDecisionNumber: string
  foundingDecisionDate: string
}

const FIELD_OF_CODE: Readonly<Record<string, keyof GroupFormValues>> = {
  group_code_taken: 'code', village_not_in_commune: 'villageUnitId', group_point_invalid: 'transactionPointId',
  group_organisation_invalid: 'organisationUnitId', group_other_organisation: 'organisationUnitId', group_change_date_invalid: 'foundingDecisionDate', invalid_date: 'foundingDecisionDate',
}

/** Thành lập tổ: the commune, the village, the point it meets at, the union it belongs to, the commune's decision. */
export function CreateGroupModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const t = useT()
  const g = t.groups
  const me = useMe()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const [form] = Form.useForm<GroupFormValues>()
  const [error, setError] = useState<unknown>()
  const units = useUnits({ enabled: open })
  const points = usePoints(open)
  const orgUnits = useOrganisationUnits(open)
  const create = useCreateGroup()
  const communeUnitId = Form.useWatch('communeUnitId', form)
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])
  const villages = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'village' && u.parentId === communeUnitId), [units.data, communeUnitId])
  const communePoints = useMemo(() => (points.data ?? []).filter((p) => p.communeUnitId === communeUnitId), [points.data, communeUnitId])
  // An organisation officer founds groups of their own organisation only.
  const unions = useMemo(
    () => (orgUnits.data ?? []).filter((o) => o.level === 'commune' && o.status === 'active' && o.bankUnitId === communeUnitId && (me.organisation === null || o.organisation === me.organisation)),
    [orgUnits.data, communeUnitId, me.organisation],
  )
  useEffect(() => {
    const only = communes.length === 1 ? communes[0] : undefined
    if (open && only && form.getFieldValue('communeUnitId') === undefined) form.setFieldValue('communeUnitId', only.id)
  }, [communes, form, open])
  useEffect(() => {
    if (communePoints.length === 1 && form.getFieldValue('transactionPointId') === undefined) form.setFieldValue('transactionPointId', communePoints[0]!.id)
    if (unions.length === 1 && form.getFieldValue('organisationUnitId') === undefined) form.setFieldValue('organisationUnitId', unions[0]!.id)
  }, [communePoints, unions, form])

  const close = () => {
    form.resetFields()
    setError(undefined)
    onClose()
  }
  const onFinish = async (v: GroupFormValues) => {
    setError(undefined)
    try {
      const group = await create.mutateAsync({
        communeUnitId: v.communeUnitId, name: v.name.trim(), code: v.code?.trim() || null, villageUnitId: v.villageUnitId ?? null, transactionPointId: v.transactionPointId,
        organisationUnitId: v.organisationUnitId, foundingDecisionNumber: v.foundingDecisionNumber.trim(), foundingDecisionDate: vnToIso(v.foundingDecisionDate) ?? v.foundingDecisionDate,
      })
      void message.success(g.created(group.code))
      close()
      onCreated(group.id)
    } catch (e) {
      const field = e instanceof ApiError ? FIELD_OF_CODE[e.code] : undefined
      if (field) form.setFields([{ name: field, errors: [errorText(e)] }])
      else setError(e)
    }
  }
  const dateRule = { validator: async (_r: unknown, value?: string) => { if (value && !vnToIso(value)) throw new Error(g.invalidDate) } }
  return (
    <Modal open={open} title={g.create} okText={g.create} cancelText={t.common.cancel} onOk={() => form.submit()} onCancel={close} confirmLoading={create.isPending} width={640} forceRender>
      <DialogError error={error} />
      <Form<GroupFormValues> form={form} name="create-group" layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item name="communeUnitId" label={g.commune} rules={[{ required: true, message: t.common.choose(g.commune) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={communes.map((c) => ({ value: c.id, label: c.name }))}
            onChange={() => form.setFieldsValue({ villageUnitId: undefined, transactionPointId: undefined, organisationUnitId: undefined })} />
        </Form.Item>
        <Form.Item name="name" label={g.name} rules={[{ required: true, whitespace: true, message: t.common.required(g.name) }]}>
          <Input maxLength={200} placeholder={g.namePlaceholder} />
        </Form.Item>
        <Form.Item name="code" label={g.code} extra={g.codeHint}>
          <Input maxLength={30} style={{ maxWidth: 240 }} />
        </Form.Item>
        <Form.Item name="villageUnitId" label={g.village}>
          <Select<number> allowClear showSearch={{ optionFilterProp: 'label' }} options={villages.map((v) => ({ value: v.id, label: v.name }))} />
        </Form.Item>
        <Form.Item name="transactionPointId" label={g.point} rules={[{ required: true, message: t.common.choose(g.point) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={communePoints.map((p) => ({ value: p.id, label: `${p.siteName} (${p.code})` }))} />
        </Form.Item>
        <Form.Item name="organisationUnitId" label={g.organisationUnit} rules={[{ required: true, message: t.common.choose(g.organisationUnit) }]}>
          <Select<number> showSearch={{ optionFilterProp: 'label' }} options={unions.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="foundingDecisionNumber" label={g.foundingDecisionNumber} rules={[{ required: true, whitespace: true, message: t.common.required(g.foundingDecisionNumber) }]}>
          <Input maxLength={60} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item name="foundingDecisionDate" label={g.foundingDecisionDate} rules={[{ required: true, message: t.common.required(g.foundingDecisionDate) }, dateRule]}>
          <Input placeholder="dd/mm/yyyy" maxLength={10} style={{ maxWidth: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
