import { Form, Input } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { vnToIso } from '../format.js'

/** An optional dd/mm/yyyy date field of a group dialog, checked as it is typed. */
export function OptionalDateItem({ name, label }: { name: string; label: string }) {
  const g = useT().groups
  const rule = { validator: async (_r: unknown, value?: string) => { if (value && !vnToIso(value)) throw new Error(g.invalidDate) } }
  return (
    <Form.Item name={name} label={label} extra={g.dateHint} rules={[rule]}>
      <Input placeholder="dd/mm/yyyy" maxLength={10} style={{ maxWidth: 200 }} />
    </Form.Item>
  )
}

/** The free-text note a membership change keeps. */
export function NoteItem() {
  const g = useT().groups
  return (
    <Form.Item name="note" label={g.note}>
      <Input maxLength={500} />
    </Form.Item>
  )
}
