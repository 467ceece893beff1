import { fail, ok, type Result } from '../shared/index.js'

/** Household classes an eligibility rule can name (registry classes plus the derived one). */
export type EligibleClass = 'poor' | 'near_poor' | 'recently_escaped' | 'average_living' | 'not_poor'

/**
 * Who may borrow under a program, evaluated against the registry on the application date. Every
 * field is optional: an absent field does not restrict.
 */
export interface EligibilityRule {
  /** The household's class on the application date must be one of these. */
  readonly householdClasses?: readonly EligibleClass[]
  /** Classes that exclude the household (e.g. the difficult-areas program excludes poor households). */
  readonly excludedClasses?: readonly EligibleClass[]
  readonly residence?: readonly ('rural' | 'urban')[]
  /** The household's commune must be on the program's list of areas. */
  readonly listedAreasOnly?: boolean
  /** Outstanding loans of these programs exclude the household (e.g. no job-creation loan). */
  readonly excludesOutstandingPrograms?: readonly string[]
  /** Borrowing through a savings-and-loan group requires membership. */
  readonly groupMemberRequired?: boolean
}

/** The facts an evaluation used: stored with the application as its snapshot. */
export interface EligibilityFacts {
  readonly householdClass: EligibleClass | null
  readonly recentlyEscaped: boolean
  readonly residence: 'rural' | 'urban'
  readonly inListedArea: boolean
  readonly outstandingPrograms: readonly string[]
  readonly groupMember: boolean
}

/**
 * Evaluates a rule; a refusal names the first unmet condition with the facts behind it.
 *
 * @example evaluateEligibility({ householdClasses: ['poor'] }, { householdClass: 'near_poor', … }) → fail('borrower_not_eligible', { rule: 'householdClasses', … })
 */
export function evaluateEligibility(rule: EligibilityRule, facts: EligibilityFacts): Result<void> {
  const classes: EligibleClass[] = [...(facts.householdClass ? [facts.householdClass] : []), ...(facts.recentlyEscaped ? ['recently_escaped' as const] : [])]
  const refuse = (condition: string, details: Record<string, unknown>) => fail('borrower_not_eligible', { condition, ...details })
  if (rule.householdClasses && !classes.some((c) => rule.householdClasses!.includes(c)))
    return refuse('householdClasses', { required: rule.householdClasses, actual: classes })
  if (rule.excludedClasses && classes.some((c) => rule.excludedClasses!.includes(c)))
    return refuse('excludedClasses', { excluded: rule.excludedClasses, actual: classes })
  if (rule.residence && !rule.residence.includes(facts.residence)) return refuse('residence', { required: rule.residence, actual: facts.residence })
  if (rule.listedAreasOnly && !facts.inListedArea) return refuse('listedAreasOnly', {})
  const conflicting = facts.outstandingPrograms.filter((p) => rule.excludesOutstandingPrograms?.includes(p))
  if (conflicting.length > 0) return refuse('excludesOutstandingPrograms', { conflicting })
  if (rule.groupMemberRequired && !facts.groupMember) return refuse('groupMemberRequired', {})
  return ok(undefined)
}
