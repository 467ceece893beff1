import { can, ROLE_RULES, type Permission } from '../domain/access/index.js'
import { RuleViolation } from '../domain/shared/index.js'
import type { RequestContext } from './context.js'

/** Refuses the request unless the actor's role grants the permission (writes also need a writable role). */
export function requirePermission(ctx: RequestContext, permission: Permission, intent: 'read' | 'write' = 'read'): void {
  if (!can(ctx.actor.role, permission)) throw new RuleViolation('forbidden', { permission })
  if (intent === 'write' && ROLE_RULES[ctx.actor.role].readOnly) throw new RuleViolation('forbidden', { permission })
}
