import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import {
  SCOPES,
  createApiKey,
  isScope,
  listApiKeys,
  listTenants,
  revokeApiKey,
  type ApiKey,
  type Tenant,
} from '../../../store/index.js';
import {
  ConfirmForm,
  DataTable,
  Notice,
  PostForm,
  flashOf,
  formatTime,
  passOnce,
  redirectTo,
  t,
  takeOnce,
  type Lang,
} from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';
import { TenantPicker, pickTenant } from './tenant-picker.js';
import { NoTenantYet } from './tenants.js';
import { announceAccessChange } from '../../peers.js';

const KEYS_PATH = `${BASE}/keys`;

/** The new key, shown once after the redirect that follows its creation, with a copy button. */
function NewKey(props: { readonly lang: Lang; readonly token: string }) {
  const { lang } = props;
  return (
    <div class="notice ok" role="status">
      <p>{t(lang, 'key_created')}</p>
      <p class="secret" id="new-key">
        {props.token}
      </p>
      <button type="button" class="secondary" data-copy="new-key" data-copied={t(lang, 'copied')}>
        {t(lang, 'copy')}
      </button>
    </div>
  );
}

function KeyRow(props: { readonly c: ConsoleContext; readonly tenant: Tenant; readonly apiKey: ApiKey }) {
  const { c, tenant, apiKey: key } = props;
  const lang = c.get('lang');
  const back = `${KEYS_PATH}?tenant=${encodeURIComponent(tenant.id)}`;
  return (
    <tr>
      <td>
        <code>{key.id}</code>
      </td>
      <td>{key.name}</td>
      <td>
        {key.scopes.map((scope) => (
          <span class="tag">{t(lang, `scope_${scope}`)}</span>
        ))}
      </td>
      <td>{formatTime(key.createdAt)}</td>
      <td>
        {key.revokedAt === null ? t(lang, 'key_active') : `${t(lang, 'key_revoked')} ${formatTime(key.revokedAt)}`}
      </td>
      <td>
        {key.revokedAt === null ? (
          <ConfirmForm
            lang={lang}
            action={`${KEYS_PATH}/revoke`}
            csrf={c.get('csrf')}
            label={t(lang, 'key_revoke')}
            question={t(lang, 'key_revoke_question', { name: key.name })}
            confirm={t(lang, 'key_revoke_confirm')}
            back={back}
          >
            <input type="hidden" name="tenant" value={tenant.id} />
            <input type="hidden" name="id" value={key.id} />
          </ConfirmForm>
        ) : null}
      </td>
    </tr>
  );
}

/** API keys of a tenant: list, create with scopes (the token is shown once), revoke after a confirmation. */
export function registerKeyRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (
    c: ConsoleContext,
    tenantId: string | undefined,
    extra: { readonly error?: string; readonly name?: string } = {},
  ) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, tenantId);
    if (tenant === undefined) {
      const body = (
        <>
          <h1>{t(lang, 'keys_title')}</h1>
          <p class="intro">{t(lang, 'keys_intro')}</p>
          <NoTenantYet c={c} back="keys" />
        </>
      );
      return sendPage(c, t(lang, 'keys_title'), body, { page: 'keys' });
    }
    const keys = await listApiKeys(deps.store.db, tenant.id);
    const token = c.req.method === 'GET' ? takeOnce(c, KEYS_PATH) : undefined;
    const ok = flashOf(
      c,
      { revoked: 'key_revoked_done', tenant_created: 'tenant_created', created: 'tenant_created' },
      { id: tenant.id },
    );
    const body = (
      <>
        <h1>{t(lang, 'keys_title')}</h1>
        <p class="intro">{t(lang, 'keys_intro')}</p>
        {token === undefined ? null : <NewKey lang={lang} token={token} />}
        <Notice kind="ok" message={ok} />
        <Notice kind="error" message={extra.error} />
        <TenantPicker lang={lang} action={KEYS_PATH} tenants={tenants} chosen={tenant} />
        {keys.length === 0 ? (
          <p class="empty">{t(lang, 'key_none')}</p>
        ) : (
          <DataTable
            headers={[
              t(lang, 'id'),
              t(lang, 'key_name'),
              t(lang, 'key_scopes'),
              t(lang, 'created_at'),
              t(lang, 'status'),
              '',
            ]}
          >
            {keys.map((key) => (
              <KeyRow c={c} tenant={tenant} apiKey={key} />
            ))}
          </DataTable>
        )}
        <PostForm action={KEYS_PATH} csrf={c.get('csrf')} class="card">
          <input type="hidden" name="tenant" value={tenant.id} />
          <h2>{t(lang, 'key_create')}</h2>
          <label for="key-name">{t(lang, 'key_name')}</label>
          <input id="key-name" name="name" type="text" required maxlength={100} value={extra.name ?? ''} />
          <fieldset>
            <legend>{t(lang, 'key_scopes')}</legend>
            {SCOPES.map((scope) => (
              <label class="check">
                <input type="checkbox" name="scope" value={scope} checked={scope === 'moderate'} />{' '}
                {t(lang, `scope_${scope}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t(lang, 'key_create')}</button>
        </PostForm>
      </>
    );
    return sendPage(c, t(lang, 'keys_title'), body, {
      page: 'keys',
      ...(extra.error === undefined ? {} : { code: 'validation_failed' }),
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
      // Post-redirect-get: the key travels to the next page once, so a reload neither shows it again nor makes another.
      passOnce(c, KEYS_PATH, token);
      return redirectTo(c, KEYS_PATH, { tenant: tenantId });
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
    // Forget cached keys at once, here and in every other process, so the revoked key stops working now everywhere.
    await announceAccessChange(deps);
    deps.log.info(
      { tenant: tenantId, key: form.get('id'), by: c.get('session')?.user.username },
      'API key revoked in the console',
    );
    return redirectTo(c, KEYS_PATH, { tenant: tenantId, done: 'revoked' });
  });
}
