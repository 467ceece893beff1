import { fail, ok, type Result } from '../shared/index.js'
import type { PlanPeriod } from './plan-period.js'

/** What a disbursement over the remaining allocation does (dated rules data; 'warn' when none). */
export type PlanRuleAction = 'warn' | 'block'

/** A plan line that applies to a disbursement: a unit on the commune's path, for its period. */
export interface RoomCandidate {
  readonly lineId: bigint
  readonly unitId: number
  readonly period: PlanPeriod
  readonly capitalSourceCode: string | null
  readonly allocatedDong: bigint
  /** Disbursed under this line's unit, program and source from the period's start to the date. */
  readonly disbursedDong: bigint
}

export interface PlanRoom {
  /** Remaining room = allocated − disbursed of the tightest line; null when no line applies. */
  readonly roomDong: bigint | null
  /** The line that binds (least room), if any. */
  readonly binding: RoomCandidate | null
  readonly amountDong: bigint
  readonly exceeds: boolean
  readonly action: PlanRuleAction
}

/**
 * The room left for a disbursement: the least room over every line that applies (the commune's,
 * its office's, its branch's — each for the year and the quarter), since each of them caps it.
 *
 * @example decideRoom([{ …allocatedDong: 100n, disbursedDong: 70n }], 40n, 'warn') // roomDong 30n, exceeds true
 */
export function decideRoom(candidates: readonly RoomCandidate[], amountDong: bigint, action: PlanRuleAction): PlanRoom {
  let binding: RoomCandidate | null = null
  for (const c of candidates) if (binding === null || c.allocatedDong - c.disbursedDong < binding.allocatedDong - binding.disbursedDong) binding = c
  const roomDong = binding === null ? null : binding.allocatedDong - binding.disbursedDong
  return { roomDong, binding, amountDong, exceeds: roomDong !== null && amountDong > roomDong, action }
}

/** Refuses a disbursement over the room when the rule in force says 'block'; otherwise lets it through. */
export function enforceRoom(room: PlanRoom): Result<PlanRoom> {
  if (room.exceeds && room.action === 'block')
    return fail('plan_room_exceeded', { roomDong: room.roomDong?.toString() ?? null, amountDong: room.amountDong.toString(), unitId: room.binding?.unitId ?? null, year: room.binding?.period.year ?? null, quarter: room.binding?.period.quarter ?? null })
  return ok(room)
}
