/**
 * A self-contained API reference page rendered from the OpenAPI document. It loads nothing from
 * the network (transaction offices often have none), unlike the usual Swagger UI bundles.
 */
interface OpenApiDoc {
  info: { title: string; version: string }
  paths?: Record<string, Record<string, { summary?: string; tags?: string[]; requestBody?: unknown; parameters?: unknown[]; responses?: Record<string, { description?: string }> }> | undefined>
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export function docsPage(doc: unknown): string {
  const { info, paths } = doc as OpenApiDoc
  const rows: string[] = []
  for (const [path, ops] of Object.entries(paths ?? {})) {
    for (const [method, op] of Object.entries(ops ?? {})) {
      const responses = Object.entries(op.responses ?? {}).map(([s, r]) => `<li><b>${escapeHtml(s)}</b> ${escapeHtml(r.description ?? '')}</li>`).join('')
      rows.push(`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p><details><summary>Request and responses</summary>
<pre>${escapeHtml(JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody }, null, 2))}</pre><ul>${responses}</ul></details></section>`)
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)} — API</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}section{border-bottom:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;min-width:4rem;font-size:.8rem;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#555}.get{background:#1677ff}.post{background:#389e0d}.put{background:#d48806}.delete{background:#cf1322}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are <code>{ code, message: { vi, en }, details, requestId }</code>.
State-changing requests need the <code>X-CSRF-Token</code> header from <code>GET /api/v1/auth/me</code>; POSTs accept an <code>Idempotency-Key</code>.</p>
${rows.join('\n')}</body></html>`
}
