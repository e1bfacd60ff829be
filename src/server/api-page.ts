import { ERROR_CODES } from '../lib/index.js';
import { HTTP_STATUS } from './errors.js';
import { OPERATIONS } from './openapi.js';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** The readable API page: every operation with its schemas and a curl example, rendered on the server, no script, no CDN. */
export function renderApiPage(document: Record<string, unknown>, publicUrl: string): string {
  const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  const sections = OPERATIONS.map((op) => {
    const spec = paths[op.path]?.[op.method] ?? {};
    const body = (spec['requestBody'] as { content: { 'application/json': { schema: unknown } } } | undefined)?.content[
      'application/json'
    ].schema;
    const ok = (spec['responses'] as Record<string, { content?: { 'application/json': { schema: unknown } } }>)[
      op.status
    ]?.content?.['application/json'].schema;
    const example =
      op.path === '/v1/moderate'
        ? `curl -s ${publicUrl}/v1/moderate -H "Authorization: Bearer $QINGLANG_KEY" -H 'Content-Type: application/json' -d '{"text":"加我V信聊聊","ageBand":"age_12_16"}'`
        : undefined;
    const id = `${op.method}-${op.path.replace(/[^a-z0-9]+/gi, '-')}`;
    return `<section id="${id}">
<h2><code>${op.method.toUpperCase()} ${escape(op.path)}</code> — ${escape(op.summary)}</h2>
<p>${escape(op.description)}</p>
<p>${op.security === 'none' ? 'No authentication.' : op.security === 'guardianSession' ? 'A guardian session token.' : `Scopes: ${op.scopes.map((s) => `<code>${s}</code>`).join(' or ')}`}</p>
${example === undefined ? '' : `<pre>${escape(example)}</pre>`}
${body === undefined ? '' : `<details><summary>Request body</summary><pre>${escape(JSON.stringify(body, null, 2))}</pre></details>`}
${ok === undefined ? '' : `<details><summary>Answer ${op.status}</summary><pre>${escape(JSON.stringify(ok, null, 2))}</pre></details>`}
</section>`;
  }).join('\n');
  const codes = Object.entries(ERROR_CODES)
    .map(
      ([code, meaning]) =>
        `<tr><td><code>${code}</code></td><td>${HTTP_STATUS[code as keyof typeof HTTP_STATUS]}</td><td>${escape(meaning)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>qinglang API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
pre{background:#f4f6f8;padding:.75rem;overflow:auto;font-size:13px}code{font-size:.95em}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse}td{border-top:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}</style></head>
<body><h1>qinglang (清朗) API</h1>
<p>JSON under <code>/v1/</code>, camelCase fields. Authenticate with <code>Authorization: Bearer qlk_…</code>
(create a key with <code>qinglang keys create --tenant ID --scope moderate</code>). The machine-readable document is
<a href="/v1/openapi.json"><code>/v1/openapi.json</code></a> (OpenAPI 3.1). Operations: <code>/healthz</code>, <code>/readyz</code>,
<code>/metrics</code>.</p>
${sections}
<h2>Errors</h2><p>Every error is <code>{"error": {"code", "message", "details"}}</code>. A 429 carries <code>Retry-After</code>.</p>
<table>${codes}</table>
</body></html>`;
}
