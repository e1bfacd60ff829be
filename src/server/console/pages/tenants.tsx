import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import { createTenant, isTenantId, listTenants, type Tenant } from '../../../store/index.js';
import { DataTable, Notice, PostForm, flashOf, formatTime, redirectTo, t, type Lang } from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';

/** The console pages a new tenant's form may return to: where a first run found no tenant. */
const RETURN_PAGES = ['tenants', 'keys', 'lexicon'] as const;
type ReturnPage = (typeof RETURN_PAGES)[number];

function returnPage(value: string): ReturnPage {
  return (RETURN_PAGES as readonly string[]).includes(value) ? (value as ReturnPage) : 'tenants';
}

/** What the create form shows again after a refusal. */
export interface TenantFormValues {
  readonly id: string;
  readonly name: string;
}

/**
 * The form that creates a tenant: on the tenants page, and as the empty state of the pages that need one (a first run
 * has none), so an administrator never has to leave the console for the command line.
 */
export function TenantCreateForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly back: ReturnPage;
  readonly values?: TenantFormValues;
  readonly error?: string | undefined;
}) {
  const { lang } = props;
  return (
    <PostForm action={`${BASE}/tenants`} csrf={props.csrf} class="card" id="tenant-create">
      <input type="hidden" name="back" value={props.back} />
      <h2>{t(lang, 'tenant_create')}</h2>
      <Notice kind="error" message={props.error} />
      <label for="tenant-id">
        {t(lang, 'tenant_id')} <span class="hint">{t(lang, 'tenant_id_rule')}</span>
      </label>
      <input
        id="tenant-id"
        name="id"
        type="text"
        required
        maxlength={40}
        pattern="[a-z0-9][a-z0-9\-]{0,39}"
        autocapitalize="none"
        autocomplete="off"
        value={props.values?.id ?? ''}
      />
      <label for="tenant-name">
        {t(lang, 'tenant_name')} <span class="hint">{t(lang, 'tenant_name_hint')}</span>
      </label>
      <input id="tenant-name" name="name" type="text" maxlength={100} value={props.values?.name ?? ''} />
      <button type="submit">{t(lang, 'tenant_create')}</button>
    </PostForm>
  );
}

/**
 * What a page that works on one tenant shows when there is none yet: for an administrator the form that creates one,
 * for others who to ask. A friendly first step, not an error.
 */
export function NoTenantYet(props: { readonly c: ConsoleContext; readonly back: ReturnPage }) {
  const lang = props.c.get('lang');
  const isAdmin = props.c.get('session')?.user.role === 'admin';
  return (
    <div class="empty" id="no-tenant">
      <p>{t(lang, 'no_tenants')}</p>
      {isAdmin ? (
        <TenantCreateForm lang={lang} csrf={props.c.get('csrf')} back={props.back} />
      ) : (
        <p class="hint">{t(lang, 'no_tenants_ask_admin')}</p>
      )}
    </div>
  );
}

function TenantTable(props: { readonly lang: Lang; readonly tenants: readonly Tenant[] }) {
  const { lang } = props;
  return (
    <DataTable
      id="tenants"
      headers={[
        t(lang, 'tenant_id'),
        t(lang, 'tenant_name'),
        t(lang, 'lexicon_version'),
        t(lang, 'tenant_store_text'),
        t(lang, 'created_at'),
        '',
      ]}
    >
      {props.tenants.map((tenant) => (
        <tr>
          <td>
            <code>{tenant.id}</code>
          </td>
          <td>{tenant.name}</td>
          <td>{tenant.lexiconVersion}</td>
          <td>{t(lang, tenant.storeText ? 'tenant_store_text_on' : 'tenant_store_text_off')}</td>
          <td>{formatTime(tenant.createdAt)}</td>
          <td>
            <a href={`${BASE}/keys?tenant=${encodeURIComponent(tenant.id)}`}>{t(lang, 'nav_keys')}</a> ·{' '}
            <a href={`${BASE}/lexicon?tenant=${encodeURIComponent(tenant.id)}`}>{t(lang, 'nav_lexicon')}</a>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Tenants: the platforms using the service, and the form that adds one. */
export function registerTenantRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (
    c: ConsoleContext,
    extra: { values?: TenantFormValues; error?: string; back?: ReturnPage } = {},
  ) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const ok = flashOf(c, { created: 'tenant_created' }, { id: c.req.query('tenant') ?? '' });
    const body = (
      <>
        <h1>{t(lang, 'tenants_title')}</h1>
        <p class="intro">{t(lang, 'tenants_intro')}</p>
        <Notice kind="ok" message={ok} />
        {tenants.length === 0 ? (
          <p class="empty">{t(lang, 'no_tenants')}</p>
        ) : (
          <TenantTable lang={lang} tenants={tenants} />
        )}
        <TenantCreateForm
          lang={lang}
          csrf={c.get('csrf')}
          back={extra.back ?? 'tenants'}
          error={extra.error}
          {...(extra.values === undefined ? {} : { values: extra.values })}
        />
      </>
    );
    return sendPage(c, t(lang, 'tenants_title'), body, {
      page: 'tenants',
      ...(extra.error === undefined ? {} : { code: 'validation_failed' }),
    });
  };

  app.get('/tenants', guard, (c) => render(c));

  app.post('/tenants', guard, async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const values = { id: form.get('id').trim(), name: form.get('name').trim() };
    const back = returnPage(form.get('back'));
    if (!isTenantId(values.id)) return render(c, { values, back, error: t(lang, 'error_tenant_id') });
    try {
      await createTenant(
        deps.store.db,
        { id: values.id, ...(values.name === '' ? {} : { name: values.name }) },
        deps.clock(),
      );
    } catch (error) {
      if (!isAppError(error) || error.code !== 'conflict') throw error;
      return render(c, { values, back, error: t(lang, 'error_tenant_taken', { id: values.id }) });
    }
    deps.log.info({ tenant: values.id, by: c.get('session')?.user.username }, 'tenant created in the console');
    return redirectTo(c, `${BASE}/${back}`, { tenant: values.id, done: 'created' });
  });
}
