import { Tag } from 'antd'
import { useT } from '../../../shared/i18n.js'
import type { AreaType, LinkKind } from '../types.js'

/** Thành thị / nông thôn. */
export function AreaTag({ area }: { area: AreaType | null }) {
  const t = useT()
  if (area === null) return <>{t.common.none}</>
  return <Tag color={area === 'urban' ? 'geekblue' : 'green'}>{t.places.areaTypes[area]}</Tag>
}

/** Phường, xã, đặc khu, thị trấn, quận, huyện … */
export function UnitTypeTag({ type }: { type: string | null }) {
  const t = useT()
  if (type === null) return <>{t.common.none}</>
  return <Tag>{t.places.unitTypes[type] ?? type}</Tag>
}

/** Toàn bộ / một phần: how an old unit went into a new one. */
export function LinkKindTag({ kind }: { kind: LinkKind }) {
  const t = useT()
  return <Tag color={kind === 'full' ? 'success' : 'warning'}>{t.places.linkKinds[kind]}</Tag>
}
