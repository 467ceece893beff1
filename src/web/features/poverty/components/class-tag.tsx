import { Tag } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { CLASS_COLOURS } from '../format.js'
import type { HouseholdClass } from '../types.js'

export function ClassTag({ value }: { value: HouseholdClass | null }) {
  const t = useT()
  if (value === null) return <Tag>{t.poverty.unclassified}</Tag>
  return <Tag color={CLASS_COLOURS[value]}>{t.poverty.classes[value]}</Tag>
}
