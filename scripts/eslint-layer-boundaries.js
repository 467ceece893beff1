// The layering of HOUSE_STYLE.md as a lint rule: which folder of src/ may import which.
// It resolves each relative import against the importing file, so it needs no module resolver.
import path from 'node:path'

const SRC = path.resolve(import.meta.dirname, '..', 'src')

/** Layer → the layers it may import. Node built-ins and packages are checked separately. */
const ALLOWED = {
  domain: ['domain'],
  db: ['domain', 'db'],
  app: ['domain', 'db', 'app'],
  jobs: ['domain', 'db', 'app', 'jobs'],
  // The API may start a batch job as the CLI does (the branch's month-end close button).
  api: ['domain', 'app', 'api', 'jobs'],
  cli: ['domain', 'app', 'api', 'cli', 'jobs'],
  web: ['web', 'domain'],
}

/** Packages that do I/O or carry a framework: forbidden in the pure domain and in the browser. */
const DOMAIN_FORBIDDEN = /^(node:|pg$|kysely|@electric-sql|hono|@hono|pino|fs$|path$|crypto$|os$)/
const WEB_FORBIDDEN = /^(node:|pg$|kysely|@electric-sql|hono$|@hono\/node-server|pino)/

function layerOf(file) {
  const rel = path.relative(SRC, file)
  if (rel.startsWith('..')) return undefined
  return rel.split(path.sep)[0]
}

/** src/domain/<area>/... → <area>; other layers have no areas. */
function domainAreaOf(file) {
  const rel = path.relative(path.join(SRC, 'domain'), file)
  if (rel.startsWith('..')) return undefined
  const parts = rel.split(path.sep)
  return parts.length > 1 ? parts[0] : undefined
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the src/ layer boundaries of HOUSE_STYLE.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const from = layerOf(file)
    if (from === undefined || !(from in ALLOWED)) return {}
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      if (!spec.startsWith('.')) {
        if (from === 'domain' && DOMAIN_FORBIDDEN.test(spec))
          context.report({ node, message: `The domain is pure: it may not import '${spec}'.` })
        if (from === 'web' && WEB_FORBIDDEN.test(spec))
          context.report({ node, message: `The web app runs in the browser: it may not import '${spec}'.` })
        return
      }
      const target = path.resolve(path.dirname(file), spec)
      const to = layerOf(target)
      if (to === undefined) return
      if (!ALLOWED[from].includes(to)) {
        context.report({ node, message: `src/${from} may not import src/${to} (allowed: ${ALLOWED[from].join(', ')}).` })
        return
      }
      const targetArea = domainAreaOf(target)
      if (to === 'domain' && targetArea !== undefined && domainAreaOf(file) !== targetArea) {
        const base = path.basename(target).replace(/\.(js|ts|tsx)$/, '')
        if (base !== 'index' || path.dirname(target) !== path.join(SRC, 'domain', targetArea))
          context.report({ node, message: `Use the domain area's public surface: import 'domain/${targetArea}/index.js', not '${spec}'.` })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}
