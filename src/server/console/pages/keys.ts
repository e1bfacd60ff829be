import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import { SCOPES, createApiKey, isScope, listApiKeys, listTenants, revokeApiKey } from '../../../store/index.js';
import { csrfField, formatTime, html, notice, redirectTo, type SafeHtml, t } from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';
import { pickTenant, tenantPicker } from './tenant-picker.js';

/** API keys of a tenant: list, create with scopes (the token is shown once), revoke. */
export function registerKeyRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (
    c: ConsoleContext,
    tenantId: string | undefined,
    extra: { readonly created?: SafeHtml; readonly error?: string; readonly name?: string } = {},
  ) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, tenantId);
    if (tenant === undefined) {
      return sendPage(
        c,
        t(lang, 'keys_title'),
        html`<h1>${t(lang, 'keys_title')}</h1>
          ${notice('error', t(lang, 'no_tenants'))}`,
        {
          page: 'keys',
        },
      );
    }
    const keys = await listApiKeys(deps.store.db, tenant.id);
    const csrf = csrfField(c.get('csrf'));
    const ok = c.req.query('done') === 'revoked' ? t(lang, 'key_revoked_done') : undefined;
    const rows = keys.map(
      (key) =>
        html`<tr>
          <td><code>${key.id}</code></td>
          <td>${key.name}</td>
          <td>${key.scopes.map((s) => html`<span class="tag">${s}</span>`)}</td>
          <td>${formatTime(key.createdAt)}</td>
          <td>
            ${key.revokedAt === null ? t(lang, 'key_active') : html`${t(lang, 'key_revoked')} ${formatTime(key.revokedAt)}`}
          </td>
          <td>
            ${
              key.revokedAt === null
                ? html`<form class="inline" method="post" action="${BASE}/keys/revoke">
                    ${csrf} <input type="hidden" name="tenant" value="${tenant.id}" /><input
                      type="hidden"
                      name="id"
                      value="${key.id}"
                    />
                    <button class="danger" type="submit">${t(lang, 'key_revoke')}</button>
                  </form>`
                : null
            }
          </td>
        </tr>`,
    );
    const body = html`<h1>${t(lang, 'keys_title')}</h1>
      <p class="intro">${t(lang, 'keys_intro')}</p>
      ${extra.created}${notice('ok', ok)}${notice('error', extra.error)}
      ${tenantPicker(lang, `${BASE}/keys`, tenants, tenant)}
      ${
        keys.length === 0
          ? html`<p class="muted">${t(lang, 'key_none')}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>${t(lang, 'id')}</th>
                    <th>${t(lang, 'key_name')}</th>
                    <th>${t(lang, 'key_scopes')}</th>
                    <th>${t(lang, 'created_at')}</th>
                    <th>${t(lang, 'status')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
      }
      <form class="card" method="post" action="${BASE}/keys">
        ${csrf}<input type="hidden" name="tenant" value="${tenant.id}" />
        <h2>${t(lang, 'key_create')}</h2>
        <label for="key-name">${t(lang, 'key_name')}</label>
        <input id="key-name" name="name" type="text" required maxlength="100" value="${extra.name ?? ''}" />
        <fieldset>
          <legend>${t(lang, 'key_scopes')}</legend>
          ${SCOPES.map(
            (scope) =>
              html`<label class="check"
                ><input type="checkbox" name="scope" value="${scope}" ${scope === 'moderate' ? html` checked` : null} />
                ${scope} · ${t(lang, `scope_${scope}`)}</label
              >`,
          )}
        </fieldset>
        <button type="submit">${t(lang, 'key_create')}</button>
      </form>`;
    return sendPage(c, t(lang, 'keys_title'), body, {
      page: 'keys',
      ...(extra.error ? { code: 'validation_failed' } : {}),
    });
  };

  app.get('/keys', guard, (c) => render(c, c.req.query('tenant')));

  app.post('/keys', guard, async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const tenantId = form.get('tenant');
    const name = form.get('name').trim();
    const scopes = form.getAll('scope').filter(isScope);
    const problems = [
      ...(name === '' ? [t(lang, 'error_name_empty')] : []),
      ...(scopes.length === 0 ? [t(lang, 'error_scopes_empty')] : []),
    ];
    if (problems.length > 0) return render(c, tenantId, { error: problems.join(' '), name });
    try {
      const { key, token } = await createApiKey(deps.store.db, { tenantId, name, scopes }, deps.clock());
      deps.log.info(
        { tenant: tenantId, key: key.id, by: c.get('session')?.user.username },
        'API key created in the console',
      );
      const created = html`<div class="notice ok" role="status">
        <p>${t(lang, 'key_created')}</p>
        <p class="secret" id="new-key">${token}</p>
        <button type="button" class="secondary" data-copy="new-key" data-copied="${t(lang, 'copied')}">
          ${t(lang, 'copy')}
        </button>
      </div>`;
      return render(c, tenantId, { created });
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'not_found' && error.code !== 'validation_failed')) throw error;
      return render(c, tenantId, {
        error: t(lang, error.code === 'not_found' ? 'error_not_found' : 'error_scopes_empty'),
        name,
      });
    }
  });

  app.post('/keys/revoke', guard, async (c) => {
    const form = c.get('form');
    const tenantId = form.get('tenant');
    try {
      await revokeApiKey(deps.store.db, tenantId, form.get('id'), deps.clock());
    } catch (error) {
      if (!isAppError(error) || error.code !== 'not_found') throw error;
      return render(c, tenantId, { error: t(c.get('lang'), 'error_not_found') });
    }
    // Forget cached keys at once, so the revoked key stops working in this process now, not after the cache expires.
    deps.auth.invalidate();
    deps.log.info(
      { tenant: tenantId, key: form.get('id'), by: c.get('session')?.user.username },
      'API key revoked in the console',
    );
    return redirectTo(c, `${BASE}/keys`, { tenant: tenantId, done: 'revoked' });
  });
}
