import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, Divider, Flex, Form, Input, Row, Select, Typography } from 'antd'
import { useEffect, useMemo } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreateHousehold } from '../api.js'
import { MEMBER_FIELD_OF_CODE, MemberFields, toMemberInput, type MemberFormValues } from './member-fields.js'

interface HouseholdFormValues {
  communeUnitId: number
  villageUnitId?: number
  code?: string
  address?: string
  members: MemberFormValues[]
}

const HOUSEHOLD_FIELD_OF_CODE: Readonly<Record<string, keyof HouseholdFormValues>> = {
  household_code_taken: 'code',
  household_code_invalid: 'code',
  household_address_invalid: 'address',
  village_not_in_commune: 'villageUnitId',
  commune_not_linked_to_place: 'communeUnitId',
  commune_place_unknown: 'communeUnitId',
  unit_not_commune: 'communeUnitId',
}

/** Thêm hộ: the household, then its members (one of them the head). */
export function HouseholdForm({ onDone, onCancel }: { onDone: (id: string) => void; onCancel: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const [form] = Form.useForm<HouseholdFormValues>()
  const units = useUnits()
  const create = useCreateHousehold()
  const communeUnitId = Form.useWatch('communeUnitId', form)
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])
  const villages = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'village' && u.parentId === communeUnitId), [units.data, communeUnitId])

  // A commune officer has one commune: choose it for them.
  useEffect(() => {
    const only = communes.length === 1 ? communes[0] : undefined
    if (only && form.getFieldValue('communeUnitId') === undefined) form.setFieldValue('communeUnitId', only.id)
  }, [communes, form])

  const onFinish = async (values: HouseholdFormValues) => {
    try {
      const detail = await create.mutateAsync({
        communeUnitId: values.communeUnitId,
        villageUnitId: values.villageUnitId ?? null,
        code: values.code?.trim() || null,
        address: values.address?.trim() || null,
        members: values.members.map(toMemberInput),
      })
      void message.success(t.households.created(detail.code))
      onDone(detail.id)
    } catch (error) {
      if (!(error instanceof ApiError)) return void message.error(errorText(error))
      const details = (error.details ?? {}) as { memberIndex?: number }
      const memberField = MEMBER_FIELD_OF_CODE[error.code]
      const householdField = HOUSEHOLD_FIELD_OF_CODE[error.code]
      if (memberField && typeof details.memberIndex === 'number') form.setFields([{ name: ['members', details.memberIndex, memberField], errors: [errorText(error)] }])
      else if (householdField) form.setFields([{ name: householdField, errors: [errorText(error)] }])
      else void message.error(errorText(error))
    }
  }

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.households.form.title}</Typography.Title>}>
      <Form<HouseholdFormValues> form={form} layout="vertical" onFinish={onFinish} initialValues={{ members: [{ relation: 'head' }] }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="communeUnitId" label={t.households.commune} rules={[{ required: true, message: t.common.choose(t.households.commune) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={communes.map((c) => ({ value: c.id, label: c.name }))} loading={units.isLoading} onChange={() => form.setFieldValue('villageUnitId', undefined)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="villageUnitId" label={t.households.village}>
              <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={villages.map((v) => ({ value: v.id, label: v.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t.households.code} extra={t.households.form.codeHint}>
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t.households.address}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t.households.membersTitle}</Divider>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={t.households.form.memberN(index + 1)}
                  extra={fields.length > 1 && <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)}>{t.households.form.removeRow}</Button>}
                >
                  <MemberFields prefix={[field.name]} fullPath={['members', field.name]} />
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ relation: 'child' })}>{t.households.form.addMemberRow}</Button>
            </>
          )}
        </Form.List>
        <Flex gap={8} justify="end" style={{ marginTop: 24 }}>
          <Button onClick={onCancel}>{t.common.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t.households.form.submit}</Button>
        </Flex>
      </Form>
    </Card>
  )
}
