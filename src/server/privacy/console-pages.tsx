import type { Hono, MiddlewareHandler } from 'hono';
import {
  ACCESS_SUBJECTS,
  CONSENT_PURPOSES,
  LEGAL_BASES,
  PI_REGISTER,
  childIds,
  consentStatus,
  conversationMinor,
  eraseMinor,
  exportMinor,
  isAccessChannel,
  listAccessLog,
  listRightsRequests,
  logAccess,
  minorIdOf,
  verifyAccessLog,
  type AccessSubject,
} from '../../store/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../console/context.js';
import { BASE, sendErrorPage, sendPage } from '../console/respond.js';
import { ConfirmForm, DataTable, WithCode, formatTime, parseLocalTime, t, type Lang } from '../web/index.js';
import { ReceiptView, RetentionLabel } from './components.js';

const REF = /^[A-Za-z0-9._:-]{1,200}$/;

function Register(props: { readonly lang: Lang }) {
  const { lang } = props;
  return (
    <DataTable
      id="register"
      headers={[
        t(lang, 'privacy_col_table'),
        t(lang, 'privacy_col_column'),
        t(lang, 'privacy_col_what'),
        t(lang, 'privacy_col_purpose'),
        t(lang, 'privacy_col_basis'),
        t(lang, 'privacy_col_retention'),
        t(lang, 'privacy_col_erasure'),
      ]}
    >
      {PI_REGISTER.map((e) => (
        <tr data-field={`${e.table}.${e.column}`}>
          <td>
            <code>{e.table}</code>
          </td>
          <td>
            <code>{e.column}</code>
          </td>
          <td>
            {e.what[lang]}
            {e.sensitive ? <span class="tag">{t(lang, 'privacy_sensitive')}</span> : null}
            {e.encrypted ? <span class="tag">{t(lang, 'privacy_encrypted')}</span> : null}
          </td>
          <td>{e.purpose[lang]}</td>
          <td>{LEGAL_BASES[e.legalBasis][lang]}</td>
          <td>
            <RetentionLabel lang={lang} retention={e.retention} />
          </td>
          <td>
            <strong>{t(lang, `erasure_${e.onErasure}`)}</strong> — {e.why[lang]}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Logs the console's reads of a conversation's risk record (its messages, participants and signals: minors' data) in the
 * access log. Registered before the conversation pages, so it wraps them; case views log themselves (`logCaseView`).
 */
export function registerConsoleAccessLogging(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const db = deps.store.db;
  app.use('/conversations/:tenant/:ref', async (c, next) => {
    await next();
    const session = c.get('session');
    if (c.req.method !== 'GET' || c.res.status !== 200 || session === null) return;
    const tenantId = c.req.param('tenant');
    const ref = c.req.param('ref');
    const found = await conversationMinor(db, tenantId, ref);
    if (found === undefined) return;
    const minorId = found.minorId;
    await logAccess(
      db,
      {
        tenantId,
        actor: `user:${session.user.username}`,
        channel: 'console',
        action: 'view',
        subjectKind: 'conversation',
        subjectId: `${tenantId}/${ref}`,
        minorId,
        minorInvolved: minorId !== null,
      },
      deps.clock(),
    );
  });
}

/**
 * The console's personal-information pages: the register (read-only), the access log searched by compliance officers with
 * the state of its hash chain, and the rights requests a platform handles for a guardian (export, erasure with receipt).
 */
export function registerPrivacyConsoleRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guards: {
    readonly register: MiddlewareHandler<ConsoleEnv>;
    readonly accessLog: MiddlewareHandler<ConsoleEnv>;
    readonly minors: MiddlewareHandler<ConsoleEnv>;
  },
) {
  const db = deps.store.db;
  const actor = (c: ConsoleContext): string => `user:${c.get('session')?.user.username ?? ''}`;

  app.get('/privacy', guards.register, (c) => {
    const lang = c.get('lang');
    const body = (
      <>
        <h1>{t(lang, 'privacy_register_title')}</h1>
        <p class="intro">{t(lang, 'privacy_register_intro')}</p>
        <Register lang={lang} />
      </>
    );
    return sendPage(c, t(lang, 'privacy_register_title'), body, { page: 'privacy' });
  });

  app.get('/access-log', guards.accessLog, async (c) => {
    const lang = c.get('lang');
    const q = (name: string): string | undefined => {
      const v = c.req.query(name)?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    const channel = q('channel');
    const subject = q('subject');
    const from = q('from');
    const to = q('to');
    const records = await listAccessLog(db, {
      actor: q('actor'),
      channel: channel !== undefined && isAccessChannel(channel) ? channel : undefined,
      subjectKind: (ACCESS_SUBJECTS as readonly string[]).includes(subject ?? '')
        ? (subject as AccessSubject)
        : undefined,
      minorId: q('minor'),
      from: from === undefined ? undefined : parseLocalTime(from),
      to: to === undefined ? undefined : parseLocalTime(to),
      limit: 200,
    });
    const chain = await verifyAccessLog(db);
    const body = (
      <>
        <h1>{t(lang, 'access_title')}</h1>
        <p class="intro">{t(lang, 'access_intro')}</p>
        <p class={`notice ${chain.ok ? 'ok' : 'error'}`} id="chain" role="status">
          {chain.ok ? (
            <WithCode
              lang={lang}
              message="access_chain_ok"
              codes={{ hash: chain.headHash.slice(0, 16) }}
              params={{ n: chain.records }}
            />
          ) : (
            t(lang, 'access_chain_broken', { n: chain.problems.length, first: chain.problems[0]?.message ?? '' })
          )}
        </p>
        <form class="card filters" method="get" action={`${BASE}/access-log`} id="access-search">
          <label>
            {t(lang, 'access_actor')} <input type="text" name="actor" value={q('actor') ?? ''} />
          </label>
          <label>
            {t(lang, 'access_channel')}{' '}
            <select name="channel">
              <option value="">{t(lang, 'access_any')}</option>
              {(['console', 'api', 'guardian_portal'] as const).map((ch) => (
                <option value={ch} selected={channel === ch}>
                  {t(lang, `access_channel_${ch}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(lang, 'access_subject')}{' '}
            <select name="subject">
              <option value="">{t(lang, 'access_any')}</option>
              {ACCESS_SUBJECTS.map((s) => (
                <option value={s} selected={subject === s}>
                  {t(lang, `access_subject_${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(lang, 'access_minor')} <input type="text" name="minor" value={q('minor') ?? ''} />
          </label>
          <label>
            {t(lang, 'access_from')} <input type="datetime-local" name="from" value={from ?? ''} />
          </label>
          <label>
            {t(lang, 'access_to')} <input type="datetime-local" name="to" value={to ?? ''} />
          </label>
          <button type="submit">{t(lang, 'access_search')}</button>
        </form>
        {records.length === 0 ? (
          <p class="muted">{t(lang, 'access_none')}</p>
        ) : (
          <DataTable
            id="access-log"
            headers={[
              '#',
              t(lang, 'access_time'),
              t(lang, 'access_actor'),
              t(lang, 'access_channel'),
              t(lang, 'access_action'),
              t(lang, 'access_subject'),
              t(lang, 'access_minor'),
            ]}
          >
            {records.map((r) => (
              <tr data-seq={r.seq}>
                <td>{r.seq}</td>
                <td>{formatTime(r.at)}</td>
                <td>
                  <code>{r.actor}</code>
                </td>
                <td>{t(lang, `access_channel_${r.channel}`)}</td>
                <td>{t(lang, `access_action_${r.action}`)}</td>
                <td>
                  {t(lang, `access_subject_${r.subjectKind}`)} <code>{r.subjectId}</code>
                </td>
                <td>{r.minorId === null ? '—' : <code>{r.minorId}</code>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </>
    );
    return sendPage(c, t(lang, 'access_title'), body, { page: 'access-log' });
  });

  /** The minor named by the query (tenant and ref), or undefined. */
  const findMinor = async (values: { tenant: string; ref: string }) => {
    if (!REF.test(values.tenant) || !REF.test(values.ref)) return undefined;
    const minorId = await minorIdOf(db, values.tenant, values.ref).catch(() => undefined);
    return minorId === undefined ? undefined : childIds(db, minorId);
  };

  app.get('/privacy-minors', guards.minors, async (c) => {
    const lang = c.get('lang');
    const tenant = c.req.query('tenant')?.trim() ?? '';
    const ref = c.req.query('ref')?.trim() ?? '';
    const child = tenant === '' && ref === '' ? undefined : await findMinor({ tenant, ref });
    const now = deps.clock();
    let details = null;
    if (child !== undefined) {
      await logAccess(
        db,
        {
          tenantId: child.tenantId,
          actor: actor(c),
          channel: 'console',
          action: 'view',
          subjectKind: 'minor',
          subjectId: child.minorId,
          minorId: child.minorId,
          minorInvolved: true,
        },
        now,
      );
      const statuses = await consentStatus(db, child.minorId, now);
      const requests = await listRightsRequests(db, { minorId: child.minorId });
      const query = `tenant=${encodeURIComponent(child.tenantId)}&ref=${encodeURIComponent(child.minorRef)}`;
      details = (
        <>
          <section class="card" id="consents">
            <h2>{t(lang, 'privacy_consents_title')}</h2>
            <ul>
              {statuses.map((s) => (
                <li data-purpose={s.purpose}>
                  {CONSENT_PURPOSES[s.purpose][lang]}:{' '}
                  {!s.required
                    ? t(lang, 'privacy_not_required')
                    : s.current === undefined
                      ? t(lang, 'privacy_not_given')
                      : t(lang, 'privacy_given', {
                          time: formatTime(s.current.grantedAt),
                          version: s.current.noticeVersion,
                        })}
                </li>
              ))}
            </ul>
          </section>
          <section class="card">
            <h2>{t(lang, 'privacy_export_title')}</h2>
            <p>
              <a href={`${BASE}/privacy-minors/export.json?${query}`} download>
                {t(lang, 'privacy_export_json')}
              </a>
            </p>
            <h2>{t(lang, 'privacy_erase_title')}</h2>
            <ConfirmForm
              lang={lang}
              action={`${BASE}/privacy-minors/erasure?${query}`}
              csrf={c.get('csrf')}
              label={t(lang, 'privacy_erase_button')}
              question={t(lang, 'privacy_erase_question', { name: child.minorRef })}
              confirm={t(lang, 'privacy_erase_confirm')}
              back={`${BASE}/privacy-minors?${query}`}
            />
          </section>
          <RequestTable lang={lang} requests={requests} />
        </>
      );
    }
    const body = (
      <>
        <h1>{t(lang, 'privacy_minor_title')}</h1>
        <p class="intro">{t(lang, 'privacy_minor_intro')}</p>
        <form class="card filters" method="get" action={`${BASE}/privacy-minors`} id="minor-find">
          <label>
            {t(lang, 'privacy_minor_tenant')} <input type="text" name="tenant" value={tenant} required />
          </label>
          <label>
            {t(lang, 'privacy_minor_ref')} <input type="text" name="ref" value={ref} required />
          </label>
          <button type="submit">{t(lang, 'privacy_minor_find')}</button>
        </form>
        {(tenant !== '' || ref !== '') && child === undefined ? (
          <p class="notice error">{t(lang, 'privacy_minor_unknown')}</p>
        ) : null}
        {details}
      </>
    );
    return sendPage(c, t(lang, 'privacy_minor_title'), body, {
      page: 'privacy-minors',
      ...((tenant !== '' || ref !== '') && child === undefined ? { code: 'not_found' as const } : {}),
    });
  });

  app.get('/privacy-minors/export.json', guards.minors, async (c) => {
    const lang = c.get('lang');
    const child = await findMinor({ tenant: c.req.query('tenant') ?? '', ref: c.req.query('ref') ?? '' });
    if (child === undefined)
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'privacy_minor_unknown'));
    const { data } = await exportMinor(db, child.minorId, { actor: actor(c), channel: 'console' }, deps.clock);
    c.header('Content-Disposition', `attachment; filename="qinglang-${child.minorId}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  app.post('/privacy-minors/erasure', guards.minors, async (c) => {
    const lang = c.get('lang');
    const child = await findMinor({ tenant: c.req.query('tenant') ?? '', ref: c.req.query('ref') ?? '' });
    if (child === undefined)
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'privacy_minor_unknown'));
    const receipt = await eraseMinor(db, child.minorId, { actor: actor(c), channel: 'console' }, deps.clock);
    const body = (
      <>
        <h1>{t(lang, 'privacy_receipt_title')}</h1>
        <ReceiptView lang={lang} receipt={receipt} />
      </>
    );
    return sendPage(c, t(lang, 'privacy_receipt_title'), body, { page: 'privacy-minors' });
  });
}

function RequestTable(props: {
  readonly lang: Lang;
  readonly requests: Awaited<ReturnType<typeof listRightsRequests>>;
}) {
  const { lang, requests } = props;
  if (requests.length === 0) return null;
  return (
    <section class="card">
      <h2>{t(lang, 'privacy_requests_title')}</h2>
      <DataTable
        id="rights-requests"
        headers={[
          t(lang, 'access_action'),
          t(lang, 'privacy_request_by'),
          t(lang, 'privacy_request_received'),
          t(lang, 'privacy_request_completed'),
        ]}
      >
        {requests.map((r) => (
          <tr>
            <td>{t(lang, `privacy_request_kind_${r.kind}`)}</td>
            <td>
              <code>{r.requestedBy}</code>
            </td>
            <td>{formatTime(r.receivedAt)}</td>
            <td>{r.completedAt === null ? '—' : formatTime(r.completedAt)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
