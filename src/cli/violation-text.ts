import { toJsonSafe } from '../app/canonical-json.js'
import { messageOf, type RuleViolation } from '../domain/shared/index.js'

/**
 * What the CLI prints for a refused request: the code, the message in Vietnamese and English, and
 * the details as JSON (bigint ids and amounts as strings — JSON.stringify alone throws on them).
 */
export function violationText(error: RuleViolation): string {
  const m = messageOf(error.code)
  return `${error.code}: ${m.vi} / ${m.en}${error.details ? `\n${JSON.stringify(toJsonSafe(error.details))}` : ''}`
}
