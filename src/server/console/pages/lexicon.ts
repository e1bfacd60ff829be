import type { Hono, MiddlewareHandler } from 'hono';
import { CATEGORIES, SEVERITIES } from '../../../engine/index.js';
import { isAppError } from '../../../lib/index.js';
import {
  getTenantLexicon,
  listTenantLexiconVersions,
  listTenants,
  type LexiconChange,
  type LexiconVersionInfo,
  type TenantTerm,
} from '../../../store/index.js';
import { updateTenantLexicon } from '../../lexicon-service.js';
import {
  categoryLabel,
  csrfField,
  formatTime,
  html,
  type Lang,
  notice,
  redirectTo,
  type SafeHtml,
  severityLabel,
  t,
} from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';
import { pickTenant, tenantPicker } from './tenant-picker.js';

const HISTORY_SHOWN = 20;

/** Lexicon management: a tenant's own terms, disabled default terms and allow terms; every change is a new version. */
export function registerLexiconRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (c: ConsoleContext, tenantId: string | undefined, error?: string) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, tenantId);
    if (tenant === undefined) {
      return sendPage(
        c,
        t(lang, 'lexicon_title'),
        html`<h1>${t(lang, 'lexicon_title')}</h1>
          ${notice('error', t(lang, 'no_tenants'))}`,
        {
          page: 'lexicon',
        },
      );
    }
    const { version, terms } = await getTenantLexicon(deps.store.db, tenant.id);
    const history = await listTenantLexiconVersions(deps.store.db, tenant.id, HISTORY_SHOWN);
    const done = c.req.query('done');
    const ok =
      done === 'changed'
        ? t(lang, 'lexicon_changed', { version: c.req.query('version') ?? String(version) })
        : undefined;
    const csrf = csrfField(c.get('csrf'));
    const hidden = html`${csrf}<input type="hidden" name="tenant" value="${tenant.id}" />`;
    const byKind = (kind: TenantTerm['kind']) => terms.filter((term) => term.kind === kind);
    const removeButton = (term: string) =>
      html`<form class="inline" method="post" action="${BASE}/lexicon/remove">
        ${hidden} <input type="hidden" name="term" value="${term}" /><button class="danger" type="submit">
          ${t(lang, 'remove')}
        </button>
      </form>`;
    const body = html`<h1>${t(lang, 'lexicon_title')}</h1>
      <p class="intro">${t(lang, 'lexicon_intro')}</p>
      ${notice('ok', ok)}${notice('error', error)} ${tenantPicker(lang, `${BASE}/lexicon`, tenants, tenant)}
      <p>${t(lang, 'lexicon_version')}: <strong>${version}</strong></p>

      <h2>${t(lang, 'lexicon_terms')}</h2>
      ${termTable(lang, byKind('add'), removeButton, true)}
      <form class="card" method="post" action="${BASE}/lexicon/add">
        ${hidden}
        <h3>${t(lang, 'lexicon_add_term')}</h3>
        <div class="row">
          <div>
            <label for="add-term">${t(lang, 'term')}</label><input id="add-term" name="term" type="text" required />
          </div>
          <div>
            <label for="add-category">${t(lang, 'category')}</label>
            <select id="add-category" name="category">
              ${CATEGORIES.map((id) => html`<option value="${id}">${categoryLabel(id, lang)}</option>`)}
            </select>
          </div>
          <div>
            <label for="add-severity">${t(lang, 'severity')}</label>
            <select id="add-severity" name="severity">
              ${SEVERITIES.map((id) => html`<option value="${id}" ${id === 'medium' ? html` selected` : null}>${severityLabel(id, lang)}</option>`)}
            </select>
          </div>
          <div>
            <label for="add-variants">${t(lang, 'variants')} <span class="hint">+pinyin -repeat</span></label>
            <input id="add-variants" name="variants" type="text" autocapitalize="none" />
          </div>
        </div>
        <button type="submit">${t(lang, 'add')}</button>
      </form>

      <h2>${t(lang, 'lexicon_disabled')}</h2>
      ${termTable(lang, byKind('disable'), removeButton, false)}
      <form class="card" method="post" action="${BASE}/lexicon/disable">
        ${hidden}
        <label for="disable-term">${t(lang, 'lexicon_disable_term')}</label>
        <input id="disable-term" name="term" type="text" required />
        <button type="submit">${t(lang, 'disable')}</button>
      </form>

      <h2>${t(lang, 'lexicon_allows')}</h2>
      <p class="hint">${t(lang, 'lexicon_allow_hint')}</p>
      ${termTable(lang, byKind('allow'), removeButton, false)}
      <form class="card" method="post" action="${BASE}/lexicon/allow">
        ${hidden}
        <label for="allow-term">${t(lang, 'lexicon_add_allow')}</label>
        <input id="allow-term" name="term" type="text" required />
        <button type="submit">${t(lang, 'add')}</button>
      </form>

      <h2>${t(lang, 'lexicon_history')}</h2>
      ${historyTable(lang, history)}`;
    return sendPage(c, t(lang, 'lexicon_title'), body, {
      page: 'lexicon',
      ...(error ? { code: 'validation_failed' } : {}),
    });
  };

  app.get('/lexicon', guard, (c) => render(c, c.req.query('tenant')));

  const change = (path: string, read: (form: { get(name: string): string }) => LexiconChange) => {
    app.post(path, guard, async (c) => {
      const lang = c.get('lang');
      const form = c.get('form');
      const tenantId = form.get('tenant');
      try {
        const { version } = await updateTenantLexicon(deps, tenantId, read(form));
        return redirectTo(c, `${BASE}/lexicon`, { tenant: tenantId, done: 'changed', version: String(version) });
      } catch (error) {
        if (!isAppError(error) || !['validation_failed', 'lexicon_invalid', 'not_found'].includes(error.code))
          throw error;
        const detail = [error.message, ...error.details.map((d) => d.message)].join(' ');
        return render(c, tenantId, t(lang, 'error_invalid_input', { detail }));
      }
    });
  };

  change('/lexicon/add', (form) => ({
    add: [
      {
        term: form.get('term').trim(),
        category: form.get('category'),
        severity: form.get('severity'),
        variants: form
          .get('variants')
          .split(/\s+/)
          .filter((v) => v !== ''),
      },
    ],
  }));
  change('/lexicon/disable', (form) => ({ disable: [form.get('term').trim()] }));
  change('/lexicon/allow', (form) => ({ allow: [form.get('term').trim()] }));
  change('/lexicon/remove', (form) => ({ remove: [form.get('term')] }));
}

function termTable(
  lang: Lang,
  terms: readonly TenantTerm[],
  removeButton: (term: string) => SafeHtml,
  full: boolean,
): SafeHtml {
  if (terms.length === 0) return html`<p class="muted">${t(lang, 'lexicon_none')}</p>`;
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th>${t(lang, 'term')}</th>
          ${
            full
              ? html`<th>${t(lang, 'category')}</th>
                  <th>${t(lang, 'severity')}</th>
                  <th>${t(lang, 'variants')}</th>`
              : null
          }
          <th>${t(lang, 'updated_at')}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${terms.map(
          (term) =>
            html`<tr>
              <td>${term.term}</td>
              ${
                full
                  ? html`<td>${categoryLabel(term.category ?? '', lang)}</td>
                      <td>${severityLabel(term.severity ?? '', lang)}</td>
                      <td>${term.variants.join(' ')}</td>`
                  : null
              }
              <td>${formatTime(term.updatedAt)}</td>
              <td>${removeButton(term.term)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

// One line per change, in the lexicon file's own notation: a term, !disabled, ~allowed, and - for a row taken out.
function describeChange(change: LexiconChange): string {
  return [
    ...(change.add ?? []).map(
      (a) => `${a.term} ${a.category} ${a.severity}${a.variants?.length ? ` ${a.variants.join(' ')}` : ''}`,
    ),
    ...(change.disable ?? []).map((term) => `!${term}`),
    ...(change.allow ?? []).map((term) => `~${term}`),
    ...(change.remove ?? []).map((term) => `-${term}`),
  ].join('\n');
}

function historyTable(lang: Lang, history: readonly LexiconVersionInfo[]): SafeHtml {
  if (history.length === 0) return html`<p class="muted">${t(lang, 'lexicon_none')}</p>`;
  return html`<div class="table-wrap">
    <table id="history">
      <thead>
        <tr>
          <th>${t(lang, 'lexicon_version')}</th>
          <th>${t(lang, 'time')}</th>
          <th>${t(lang, 'lexicon_change')}</th>
        </tr>
      </thead>
      <tbody>
        ${history.map(
          (v) =>
            html`<tr>
              <td>${v.version}</td>
              <td>${formatTime(v.createdAt)}</td>
              <td><code class="change">${describeChange(v.change)}</code></td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
