// The fields of one member, shared by the new-household form and the add-member dialog. Citizen
// ids and dates are checked here with the same domain rules the server applies, so a clerk sees
// the mistake on the field before anything is sent.
import { Checkbox, Col, Form, Input, Row, Select } from 'antd'
import type { NamePath } from 'antd/es/form/interface.js'
import { checkCitizenId, RELATIONS, type Relation } from '../../../../domain/households/index.js'
import { messageOf, type LocalDate } from '../../../../domain/shared/index.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import type { MemberInput, Sex } from '../api.js'
import { vnToIso } from '../format.js'

/** A member as the form holds it: dates as typed (dd/mm/yyyy). */
export interface MemberFormValues {
  fullName: string
  relation: Relation
  birthDate?: string
  sex?: Sex
  ethnicity?: string
  citizenId?: string
  phone?: string
  healthInsured?: boolean
  inSchool?: boolean
}

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim())

export function toMemberInput(v: MemberFormValues): MemberInput {
  return {
    fullName: v.fullName.trim(),
    relation: v.relation,
    birthDate: v.birthDate ? vnToIso(v.birthDate) ?? null : null,
    sex: v.sex ?? null,
    ethnicity: blank(v.ethnicity),
    citizenId: blank(v.citizenId)?.replace(/\s+/g, '') ?? null,
    phone: blank(v.phone),
    healthInsured: v.healthInsured ?? null,
    inSchool: v.inSchool ?? null,
  }
}

/** Which member field a rule code of the API concerns. */
export const MEMBER_FIELD_OF_CODE: Readonly<Record<string, keyof MemberFormValues>> = {
  citizen_id_malformed: 'citizenId',
  citizen_id_unknown_province: 'citizenId',
  citizen_id_sex_mismatch: 'citizenId',
  citizen_id_birth_year_mismatch: 'citizenId',
  citizen_id_in_other_household: 'citizenId',
  citizen_id_already_registered: 'citizenId',
  birth_date_in_future: 'birthDate',
  joined_before_birth: 'birthDate',
  invalid_date: 'birthDate',
  person_name_invalid: 'fullName',
  phone_invalid: 'phone',
  ethnicity_invalid: 'ethnicity',
  household_multiple_heads: 'relation',
  household_head_missing: 'relation',
}

/**
 * `prefix` names the member for its Form.Items (relative inside a Form.List: [field.name]);
 * `fullPath` is where the member sits in the whole form (['members', 0]), for reading values.
 */
export function MemberFields({ prefix, fullPath, relations = RELATIONS }: { prefix: NamePath; fullPath: (string | number)[]; relations?: readonly Relation[] }) {
  const t = useT()
  const { locale } = useLanguage()
  const path = (field: string): (string | number)[] => [...(Array.isArray(prefix) ? prefix : [prefix]), field]
  const absolute = (field: string): (string | number)[] => [...fullPath, field]
  const form = Form.useFormInstance()
  return (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Form.Item name={path('fullName')} label={t.households.fullName} rules={[{ required: true, whitespace: true, message: t.common.required(t.households.fullName) }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item name={path('relation')} label={t.households.relation} rules={[{ required: true, message: t.common.choose(t.households.relation) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={relations.map((r) => ({ value: r, label: t.households.relations[r] }))} />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item
          name={path('birthDate')}
          label={t.households.birthDate}
          rules={[
            { required: true, message: t.common.required(t.households.birthDate) },
            { validator: async (_r, value?: string) => { if (value && !vnToIso(value)) throw new Error(t.households.form.invalidDate) } },
          ]}
        >
          <Input placeholder="dd/mm/yyyy" maxLength={10} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={path('sex')} label={t.households.sex} rules={[{ required: true, message: t.common.choose(t.households.sex) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={(['male', 'female'] as const).map((s) => ({ value: s, label: t.households.sexes[s] }))} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name={path('citizenId')}
          label={t.households.citizenId}
          dependencies={[absolute('sex'), absolute('birthDate')]}
          rules={[
            {
              validator: async (_r, value?: string) => {
                if (!value || value.trim() === '') return
                const birth = vnToIso(form.getFieldValue(absolute('birthDate')) ?? '')
                const checked = checkCitizenId(value, { sex: form.getFieldValue(absolute('sex')) ?? null, birthDate: (birth ?? null) as LocalDate | null })
                if (!checked.ok) throw new Error(messageOf(checked.code)[locale])
              },
            },
          ]}
        >
          <Input placeholder="001090012345" maxLength={16} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item name={path('ethnicity')} label={t.households.ethnicity}>
          <Input maxLength={50} placeholder="Kinh" />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item name={path('phone')} label={t.households.phone}>
          <Input maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={12} md={4}>
        <Form.Item name={path('healthInsured')} valuePropName="checked" label=" " colon={false}>
          <Checkbox>{t.households.healthInsured}</Checkbox>
        </Form.Item>
      </Col>
      <Col xs={12} md={4}>
        <Form.Item name={path('inSchool')} valuePropName="checked" label=" " colon={false}>
          <Checkbox>{t.households.inSchool}</Checkbox>
        </Form.Item>
      </Col>
    </Row>
  )
}
