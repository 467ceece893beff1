// Builds the install-time template of the empty, migrated PGlite database (src/db/pglite-template.ts)
// unless the one for this checkout's schema is already there. `npm install` runs it (the `prepare`
// script), so a newcomer's first `npm start` does not wait for initdb and the migrations.
// A failure here does not fail the install: the first start then creates the database itself.
import { buildTemplate, findTemplate } from '../src/db/pglite-template.js'

const existing = findTemplate()
if (existing !== undefined) {
  console.log(`PGlite template is up to date (${existing}).`)
} else {
  const started = performance.now()
  try {
    const file = await buildTemplate()
    console.log(`PGlite template of the empty database built in ${Math.round((performance.now() - started) / 100) / 10} s: ${file}`)
  } catch (error) {
    console.warn(`Could not build the PGlite template (a first start will create the database itself): ${error instanceof Error ? error.message : String(error)}`)
  }
}
