// Builds the web app into dist/web unless the build is newer than every source it comes from.
// `npm install` runs it (the `prepare` script) and `npm start` runs it first, so a fresh checkout
// serves the app without a separate build step, and a first `npm start` does not wait for a build.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const BUILT = path.join(ROOT, 'dist', 'web', 'index.html')
const SOURCES = [path.join(ROOT, 'src', 'web'), path.join(ROOT, 'vite.config.ts')]

/** The newest modification time (ms) of a file, or of any file under a folder. */
function newestMtime(target) {
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

function staleReason() {
  if (!existsSync(BUILT)) return 'dist/web/index.html is missing'
  const builtAt = statSync(BUILT).mtimeMs
  const newestSource = Math.max(...SOURCES.filter((s) => existsSync(s)).map(newestMtime))
  return newestSource > builtAt ? 'src/web or vite.config.ts changed since the last build' : undefined
}

const reason = staleReason()
if (reason === undefined) {
  console.log('Web app build is up to date (dist/web).')
} else {
  console.log(`Building the web app: ${reason}.`)
  const vite = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite')
  // `npm install` runs this as the `prepare` script; an install without the build tools
  // (--omit=dev) must still succeed: the build is then left to a later `npm start` or `npm run build:web`.
  if (!existsSync(vite) && process.env.npm_lifecycle_event === 'prepare') {
    console.log('Vite is not installed (an install without dev dependencies?): the web app is not built now.')
    process.exit(0)
  }
  // Always a production build, even when started from a test runner that sets NODE_ENV=test
  // (which would otherwise make Vite bundle React's and antd's development builds).
  const env = { ...process.env, NODE_ENV: 'production' }
  const result = spawnSync(vite, ['build', '--config', 'vite.config.ts'], { cwd: ROOT, env, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.error) {
    console.error(`Could not run vite: ${result.error.message}`)
    process.exit(1)
  }
  if (result.status !== 0) {
    console.error(`The web build failed (exit ${result.status ?? result.signal}).`)
    process.exit(result.status || 1)
  }
}
