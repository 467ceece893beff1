// The capital plan's room before a disbursement, as every disbursing screen asks it: the counter's
// disbursement and the transaction day's capture. Over the room, the rule in force either warns
// (the officer confirms, and may go on) or blocks (the server would refuse; the screen says why).
import { App } from 'antd'
import { api } from '../../shared/api-client.js'
import { formatDong } from '../../shared/format.js'
import { useT } from '../../shared/i18n.js'

export interface RoomQuestion {
  readonly communeUnitId: number
  readonly programCode: string
  readonly capitalSourceCode: string
  readonly date: string
  readonly amountDong: string
}

interface RoomAnswer {
  readonly roomDong: string | null
  readonly exceeds: boolean
  readonly action: 'warn' | 'block'
}

/** `go`: disburse; `cancelled`: the officer declined the warning; `blocked`: the rule refuses, with the room left. */
export type RoomVerdict = { readonly kind: 'go' } | { readonly kind: 'cancelled' } | { readonly kind: 'blocked'; readonly roomDong: string; readonly question: RoomQuestion }

/**
 * Asks the room for each question (one per program and capital source disbursed) and returns the
 * verdict: blocked by the first question over a blocking rule, else one confirmation for every
 * warning. A room that cannot be read does not stop the officer: the server checks again.
 */
export function usePlanRoomCheck(): (questions: readonly RoomQuestion[]) => Promise<RoomVerdict> {
  const t = useT()
  const { modal } = App.useApp()
  return async (questions) => {
    const answers = await Promise.all(questions.map(async (q) => ({ q, room: await api.get<RoomAnswer>('/api/v1/plans/room', { ...q }).catch(() => null) })))
    const over = answers.filter((a) => a.room?.exceeds)
    const blocked = over.find((a) => a.room!.action === 'block')
    if (blocked) return { kind: 'blocked', roomDong: blocked.room!.roomDong ?? '0', question: blocked.q }
    for (const { q, room } of over) {
      const go = await modal.confirm({ title: t.plans.roomWarningTitle, content: t.plans.roomWarning(formatDong(q.amountDong), formatDong(room!.roomDong ?? '0')), okText: t.plans.proceed, cancelText: t.common.cancel })
      if (!go) return { kind: 'cancelled' }
    }
    return { kind: 'go' }
  }
}
