import type { Hono, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { CATEGORIES, SEVERITIES, VARIANT_KINDS } from '../../../engine/index.js';
import { isAppError, type ErrorDetail } from '../../../lib/index.js';
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
  DataTable,
  Notice,
  PostForm,
  categoryLabel,
  describeVariant,
  flashOf,
  formatTime,
  redirectTo,
  severityLabel,
  t,
  type Form,
  type Lang,
} from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';
import { TenantPicker, pickTenant } from './tenant-picker.js';
import { NoTenantYet } from './tenants.js';

const HISTORY_SHOWN = 20;

/** Lexicon management: a tenant's own terms, disabled default terms and allow terms; every change is a new version. */
export function registerLexiconRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const render = async (c: ConsoleContext, tenantId: string | undefined, error?: string, typed: Typed = {}) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, tenantId);
    if (tenant === undefined) {
      const empty = (
        <>
          <h1>{t(lang, 'lexicon_title')}</h1>
          <p class="intro">{t(lang, 'lexicon_intro')}</p>
          <NoTenantYet c={c} back="lexicon" />
        </>
      );
      return sendPage(c, t(lang, 'lexicon_title'), empty, { page: 'lexicon' });
    }
    const { version, terms } = await getTenantLexicon(deps.store.db, tenant.id);
    const history = await listTenantLexiconVersions(deps.store.db, tenant.id, HISTORY_SHOWN);
    const ok = flashOf(
      c,
      { changed: 'lexicon_changed', created: 'tenant_created' },
      { version: c.req.query('version') ?? String(version), id: tenant.id },
    );
    const add = typed.form === 'add' ? typed : {};
    const csrf = c.get('csrf');
    const byKind = (kind: TenantTerm['kind']) => terms.filter((term) => term.kind === kind);
    const removeButton = (term: string) => (
      <PostForm action={`${BASE}/lexicon/remove`} csrf={csrf} class="inline">
        <input type="hidden" name="tenant" value={tenant.id} /> <input type="hidden" name="term" value={term} />
        <button class="danger" type="submit">
          {t(lang, 'remove')}
        </button>
      </PostForm>
    );
    const body = (
      <>
        <h1>{t(lang, 'lexicon_title')}</h1>
        <p class="intro">{t(lang, 'lexicon_intro')}</p>
        <Notice kind="ok" message={ok} />
        <Notice kind="error" message={error} />
        <TenantPicker lang={lang} action={`${BASE}/lexicon`} tenants={tenants} chosen={tenant} />
        <p>
          {t(lang, 'lexicon_version')}: <strong>{version}</strong>
        </p>

        <h2>{t(lang, 'lexicon_terms')}</h2>
        <TermTable lang={lang} terms={byKind('add')} removeButton={removeButton} full={true} />
        <PostForm action={`${BASE}/lexicon/add`} csrf={csrf} class="card">
          <input type="hidden" name="tenant" value={tenant.id} />
          <h3>{t(lang, 'lexicon_add_term')}</h3>
          <div class="row">
            <div>
              <label for="add-term">{t(lang, 'term')}</label>
              <input id="add-term" name="term" type="text" required value={add.term ?? ''} />
            </div>
            <div>
              <label for="add-category">{t(lang, 'category')}</label>
              <select id="add-category" name="category">
                {CATEGORIES.map((id) => (
                  <option value={id} selected={id === add.category}>
                    {categoryLabel(id, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="add-severity">{t(lang, 'severity')}</label>
              <select id="add-severity" name="severity">
                {SEVERITIES.map((id) => (
                  <option value={id} selected={id === (add.severity ?? 'medium')}>
                    {severityLabel(id, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="add-variants">
                {t(lang, 'variants')}{' '}
                <span class="hint">
                  {t(lang, 'variants_hint')} <code>+pinyin -repeat</code>
                </span>
              </label>
              <input id="add-variants" name="variants" type="text" autocapitalize="none" value={add.variants ?? ''} />
            </div>
          </div>
          <button type="submit">{t(lang, 'add')}</button>
        </PostForm>

        <h2>{t(lang, 'lexicon_disabled')}</h2>
        <TermTable lang={lang} terms={byKind('disable')} removeButton={removeButton} full={false} />
        <TermForm
          kind="disable"
          csrf={csrf}
          tenantId={tenant.id}
          label={t(lang, 'lexicon_disable_term')}
          button={t(lang, 'disable')}
          typed={typed}
        />

        <h2>{t(lang, 'lexicon_allows')}</h2>
        <p class="hint">{t(lang, 'lexicon_allow_hint')}</p>
        <TermTable lang={lang} terms={byKind('allow')} removeButton={removeButton} full={false} />
        <TermForm
          kind="allow"
          csrf={csrf}
          tenantId={tenant.id}
          label={t(lang, 'lexicon_add_allow')}
          button={t(lang, 'add')}
          typed={typed}
        />

        <h2>{t(lang, 'lexicon_history')}</h2>
        <HistoryTable lang={lang} history={history} />
      </>
    );
    return sendPage(c, t(lang, 'lexicon_title'), body, {
      page: 'lexicon',
      ...(error ? { code: 'validation_failed' } : {}),
    });
  };

  app.get('/lexicon', guard, (c) => render(c, c.req.query('tenant')));

  const change = (kind: LexiconForm, read: (form: Form) => LexiconChange) => {
    app.post(`/lexicon/${kind}`, guard, async (c) => {
      const lang = c.get('lang');
      const form = c.get('form');
      const tenantId = form.get('tenant');
      // What was typed goes back into the form when the change is refused, so nothing has to be typed twice.
      const typed: Typed = {
        form: kind,
        term: form.get('term'),
        category: form.get('category'),
        severity: form.get('severity'),
        variants: form.get('variants'),
      };
      const unknown = kind === 'add' ? unknownVariants(form.get('variants')) : [];
      if (unknown.length > 0) {
        return render(
          c,
          tenantId,
          t(lang, 'error_variant_switch', { given: unknown.join(' '), kinds: variantList(lang) }),
          typed,
        );
      }
      try {
        const { version } = await updateTenantLexicon(deps, tenantId, read(form));
        return redirectTo(c, `${BASE}/lexicon`, { tenant: tenantId, done: 'changed', version: String(version) });
      } catch (error) {
        if (!isAppError(error) || !['validation_failed', 'lexicon_invalid', 'not_found'].includes(error.code))
          throw error;
        return render(c, tenantId, lexiconProblem(lang, error.code, error.details), typed);
      }
    });
  };

  change('add', (form) => ({
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
  change('disable', (form) => ({ disable: [form.get('term').trim()] }));
  change('allow', (form) => ({ allow: [form.get('term').trim()] }));
  change('remove', (form) => ({ remove: [form.get('term')] }));
}

/** What the editor typed into one of the lexicon forms, shown again when the change is refused. */
type LexiconForm = 'add' | 'disable' | 'allow' | 'remove';

interface Typed {
  readonly form?: LexiconForm;
  readonly term?: string;
  readonly category?: string;
  readonly severity?: string;
  readonly variants?: string;
}

/** The variant switches written that are not `+kind` or `-kind` of a kind the engine knows. */
function unknownVariants(written: string): string[] {
  return written
    .split(/\s+/)
    .filter((v) => v !== '')
    .filter((v) => !/^[+-]/.test(v) || !(VARIANT_KINDS as readonly string[]).includes(v.slice(1)));
}

function variantList(lang: Lang): string {
  return VARIANT_KINDS.map((kind) => `${kind}（${describeVariant(kind).label[lang]}）`).join(
    lang === 'zh' ? '、' : ', ',
  );
}

/** What was wrong with a refused change, in the editor's language: a bad term, a bad switch, nothing to change, no tenant. */
function lexiconProblem(lang: Lang, code: string, details: readonly ErrorDetail[]): string {
  if (code === 'not_found') return t(lang, 'error_not_found');
  const problems = new Set<string>();
  for (const detail of details) {
    const path = detail.path ?? '';
    if (/\.variants\.\d+$/.test(path))
      problems.add(t(lang, 'error_variant_switch_short', { kinds: variantList(lang) }));
    else if (path === '')
      problems.add(t(lang, code === 'lexicon_invalid' ? 'error_lexicon_compile' : 'error_term_empty'));
    else problems.add(t(lang, 'error_term_invalid'));
  }
  return [...problems].join(' ') || t(lang, 'error_lexicon_compile');
}

/** The one-field form that disables a default term or allows one; a refused term comes back as typed. */
function TermForm(props: {
  readonly kind: 'disable' | 'allow';
  readonly csrf: string;
  readonly tenantId: string;
  readonly label: string;
  readonly button: string;
  readonly typed: Typed;
}) {
  const id = `${props.kind}-term`;
  return (
    <PostForm action={`${BASE}/lexicon/${props.kind}`} csrf={props.csrf} class="card">
      <input type="hidden" name="tenant" value={props.tenantId} />
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name="term"
        type="text"
        required
        value={props.typed.form === props.kind ? (props.typed.term ?? '') : ''}
      />
      <button type="submit">{props.button}</button>
    </PostForm>
  );
}

function TermTable(props: {
  readonly lang: Lang;
  readonly terms: readonly TenantTerm[];
  readonly removeButton: (term: string) => Child;
  readonly full: boolean;
}) {
  const { lang, full } = props;
  if (props.terms.length === 0) return <p class="muted">{t(lang, 'lexicon_none')}</p>;
  const headers = [
    t(lang, 'term'),
    ...(full ? [t(lang, 'category'), t(lang, 'severity'), t(lang, 'variants')] : []),
    t(lang, 'updated_at'),
    '',
  ];
  return (
    <DataTable headers={headers}>
      {props.terms.map((term) => (
        <tr>
          <td>{term.term}</td>
          {full ? (
            <>
              <td>{categoryLabel(term.category ?? '', lang)}</td>
              <td>{severityLabel(term.severity ?? '', lang)}</td>
              <td>{term.variants.join(' ')}</td>
            </>
          ) : null}
          <td>{formatTime(term.updatedAt)}</td>
          <td>{props.removeButton(term.term)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

// One line per change, in words: what was added (with its category and severity), disabled, allowed or taken out.
function describeChange(lang: Lang, change: LexiconChange): string {
  return [
    ...(change.add ?? []).map((a) =>
      t(lang, 'lexicon_history_add', {
        term: a.term,
        category: categoryLabel(a.category, lang),
        severity: severityLabel(a.severity, lang),
      }),
    ),
    ...(change.disable ?? []).map((term) => t(lang, 'lexicon_history_disable', { term })),
    ...(change.allow ?? []).map((term) => t(lang, 'lexicon_history_allow', { term })),
    ...(change.remove ?? []).map((term) => t(lang, 'lexicon_history_remove', { term })),
  ].join('\n');
}

function HistoryTable(props: { readonly lang: Lang; readonly history: readonly LexiconVersionInfo[] }) {
  const { lang } = props;
  if (props.history.length === 0) return <p class="muted">{t(lang, 'lexicon_none')}</p>;
  return (
    <DataTable id="history" headers={[t(lang, 'lexicon_version'), t(lang, 'time'), t(lang, 'lexicon_change')]}>
      {props.history.map((v) => (
        <tr>
          <td>{v.version}</td>
          <td>{formatTime(v.createdAt)}</td>
          <td class="change">{describeChange(lang, v.change)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
