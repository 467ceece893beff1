import { fail, ok, type Result } from '../shared/index.js'

export interface PendingAction {
  readonly makerId: number
  readonly status: 'pending' | 'approved' | 'rejected'
}

/**
 * The four-eyes rule: an action that needs approval can be decided only while pending, and never
 * by the user who made it.
 *
 * @example checkDecision({ makerId: 7, status: 'pending' }, 7) → fail('maker_cannot_check')
 */
export function checkDecision(action: PendingAction, checkerId: number): Result<void> {
  if (action.status !== 'pending') return fail('approval_not_pending', { status: action.status })
  if (action.makerId === checkerId) return fail('maker_cannot_check')
  return ok(undefined)
}
