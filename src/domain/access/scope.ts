/**
 * A scope is the subtree of one unit, written as the unit's materialised path ('/1/4/').
 * Data belongs to a unit; a user sees and changes only data whose unit path starts with the
 * user's path. The database layer applies the same rule as a `like 'path%'` filter.
 *
 * @example inScope('/1/4/', '/1/4/9/') === true; inScope('/1/4/', '/1/5/') === false
 */
export function inScope(scopePath: string, unitPath: string): boolean {
  return unitPath.startsWith(scopePath)
}

/** The path of a new child unit. */
export function childPath(parentPath: string, childId: number): string {
  return `${parentPath}${childId}/`
}
