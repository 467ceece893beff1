import { Tag } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { GRADE_COLOURS, periodToVn } from '../format.js'
import type { Grade } from '../types.js'

/** A grade as a coloured tag: 'Tốt', 'Khá', 'Trung bình', 'Yếu', or 'Chưa xếp loại'; with its month when given. */
export function GradeTag({ grade, period }: { grade: Grade | null; period?: string | undefined }) {
  const g = useT().groups
  const label = grade === null ? g.ungraded : (g.grades[grade] ?? grade)
  return <Tag color={grade === null ? 'default' : GRADE_COLOURS[grade]}>{period ? g.gradeOf(label, periodToVn(period)) : label}</Tag>
}
