import type { Hono, MiddlewareHandler } from 'hono';
import {
  CONSENT_PURPOSES,
  PRIVACY_NOTICE_VERSION,
  childIds,
  consentStatus,
  eraseMinor,
  exportMinor,
  getRightsRequest,
  grantConsent,
  isConsentPurpose,
  logAccess,
  withdrawConsent,
} from '../../store/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../guardian-portal/context.js';
import { portalData } from '../guardian-portal/data.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../guardian-portal/respond.js';
import { ConfirmForm, Notice, PostForm, flashOf, formatTime, redirectTo, t } from '../web/index.js';
import { ExportView, ReceiptView } from './components.js';

const MINOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID = /^rr_[0-9a-f]{32}$/;

/**
 * The guardian portal's personal-information pages: consents given and withdrawn per purpose, the child's data to view or
 * download, erasure with its receipt. Every page of a bound child that shows its data (these and the portal's own) is a
 * read of a minor's personal information by a person, and goes into the access log.
 */
export function registerPrivacyPortalRoutes(
  app: Hono<PortalEnv>,
  deps: PortalDeps,
  guard: MiddlewareHandler<PortalEnv>,
) {
  const data = portalData(deps);
  const db = deps.store.db;
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';
  const by = (c: PortalContext) => ({ actor: `guardian:${me(c)}`, channel: 'guardian_portal' as const });
  const childOf = async (c: PortalContext) => {
    const minorId = c.req.param('minorId') ?? '';
    return MINOR_ID.test(minorId) ? data.minor(me(c), minorId) : null;
  };
  const notBound = (c: PortalContext) => {
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_bound'));
  };

  // Registered before the portal's own pages, so it wraps them: a page that showed a bound child's data is logged.
  const logView: MiddlewareHandler<PortalEnv> = async (c, next) => {
    await next();
    const guardian = c.get('guardian');
    const minorId = c.req.param('minorId') ?? '';
    if (c.req.method !== 'GET' || c.res.status !== 200 || guardian === null || !MINOR_ID.test(minorId)) return;
    // The export pages log themselves as exports.
    if (c.req.path.includes('/privacy/export')) return;
    const child = await childIds(db, minorId).catch(() => undefined);
    if (child === undefined) return;
    await logAccess(
      db,
      {
        tenantId: child.tenantId,
        actor: `guardian:${guardian.id}`,
        channel: 'guardian_portal',
        action: 'view',
        subjectKind: 'minor',
        subjectId: minorId,
        minorId,
        minorInvolved: true,
      },
      deps.clock(),
    );
  };
  // `/minors/:minorId/*` matches the child's own page too.
  app.use('/minors/:minorId/*', logView);

  app.get('/minors/:minorId/privacy', guard, async (c) => {
    const lang = c.get('lang');
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const statuses = await consentStatus(db, child.minorId, deps.clock());
    const base = `${PORTAL_BASE}/minors/${child.minorId}`;
    const body = (
      <>
        <p>
          <a href={base}>← {child.displayName}</a>
        </p>
        <h1>{t(lang, 'privacy_title', { name: child.displayName })}</h1>
        <p class="intro">{t(lang, 'privacy_intro')}</p>
        <p class="hint">{t(lang, 'privacy_notice', { version: PRIVACY_NOTICE_VERSION })}</p>
        <Notice kind="ok" message={flashOf(c, { given: 'privacy_done_given', withdrawn: 'privacy_done_withdrawn' })} />
        <section class="card" id="consents">
          <h2>{t(lang, 'privacy_consents_title')}</h2>
          <ul class="plain">
            {statuses.map((s) => (
              <li data-purpose={s.purpose} data-state={s.current === undefined ? 'none' : 'given'}>
                <p>{CONSENT_PURPOSES[s.purpose][lang]}</p>
                {!s.required ? (
                  <p class="muted">{t(lang, 'privacy_not_required')}</p>
                ) : s.current === undefined ? (
                  <PostForm action={`${base}/privacy/consents`} csrf={c.get('csrf')}>
                    <span class="muted">{t(lang, 'privacy_not_given')}</span>{' '}
                    <input type="hidden" name="purpose" value={s.purpose} />
                    <input type="hidden" name="do" value="give" />
                    <button type="submit">{t(lang, 'privacy_give')}</button>
                  </PostForm>
                ) : (
                  <PostForm action={`${base}/privacy/consents`} csrf={c.get('csrf')}>
                    <span>
                      {t(lang, 'privacy_given', {
                        time: formatTime(s.current.grantedAt),
                        version: s.current.noticeVersion,
                      })}
                    </span>{' '}
                    <input type="hidden" name="purpose" value={s.purpose} />
                    <input type="hidden" name="do" value="withdraw" />
                    <button type="submit" class="secondary">
                      {t(lang, 'privacy_withdraw')}
                    </button>
                  </PostForm>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" id="export">
          <h2>{t(lang, 'privacy_export_title')}</h2>
          <p>{t(lang, 'privacy_export_intro')}</p>
          <p>
            <a href={`${base}/privacy/export`}>{t(lang, 'privacy_export_view')}</a> ·{' '}
            <a href={`${base}/privacy/export.json`} download>
              {t(lang, 'privacy_export_json')}
            </a>
          </p>
        </section>
        <section class="card" id="erase">
          <h2>{t(lang, 'privacy_erase_title')}</h2>
          <p>{t(lang, 'privacy_erase_intro')}</p>
          <ConfirmForm
            lang={lang}
            action={`${base}/privacy/erasure`}
            csrf={c.get('csrf')}
            label={t(lang, 'privacy_erase_button')}
            question={t(lang, 'privacy_erase_question', { name: child.displayName })}
            confirm={t(lang, 'privacy_erase_confirm')}
            back={`${base}/privacy`}
          />
        </section>
      </>
    );
    return sendPortalPage(c, t(lang, 'privacy_title', { name: child.displayName }), body, { section: 'minors' });
  });

  app.post('/minors/:minorId/privacy/consents', guard, async (c) => {
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const form = c.get('form');
    const purpose = form.get('purpose');
    const lang = c.get('lang');
    if (!isConsentPurpose(purpose)) {
      return sendPortalError(c, 'validation_failed', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    const now = deps.clock();
    if (form.get('do') === 'withdraw') {
      await withdrawConsent(db, { minorId: child.minorId, purpose, by: `guardian:${me(c)}` }, now);
      return redirectTo(c, `${PORTAL_BASE}/minors/${child.minorId}/privacy`, { done: 'withdrawn' });
    }
    await grantConsent(db, { minorId: child.minorId, guardianId: me(c), purpose }, now);
    return redirectTo(c, `${PORTAL_BASE}/minors/${child.minorId}/privacy`, { done: 'given' });
  });

  app.get('/minors/:minorId/privacy/export', guard, async (c) => {
    const lang = c.get('lang');
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const { data: exported } = await exportMinor(db, child.minorId, by(c), deps.clock);
    const body = (
      <>
        <p>
          <a href={`${PORTAL_BASE}/minors/${child.minorId}/privacy`}>← {t(lang, 'privacy_section')}</a>
        </p>
        <h1>{t(lang, 'privacy_export_page', { name: child.displayName })}</h1>
        <ExportView lang={lang} data={exported} />
      </>
    );
    return sendPortalPage(c, t(lang, 'privacy_export_page', { name: child.displayName }), body, { section: 'minors' });
  });

  app.get('/minors/:minorId/privacy/export.json', guard, async (c) => {
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const { data: exported } = await exportMinor(db, child.minorId, by(c), deps.clock);
    c.header('Content-Disposition', `attachment; filename="qinglang-${child.minorId}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(exported);
  });

  app.post('/minors/:minorId/privacy/erasure', guard, async (c) => {
    const child = await childOf(c);
    if (child === null) return notBound(c);
    const receipt = await eraseMinor(db, child.minorId, by(c), deps.clock);
    return redirectTo(c, `${PORTAL_BASE}/privacy/receipts/${receipt.requestId}`);
  });

  app.get('/privacy/receipts/:id', guard, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const request = REQUEST_ID.test(id) ? await getRightsRequest(db, id).catch(() => undefined) : undefined;
    // Only the guardian who asked sees the receipt (the child's other guardians are no longer bound to anything).
    if (request === undefined || request.requestedBy !== `guardian:${me(c)}` || request.receipt === null) {
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    const body = (
      <>
        <h1>{t(lang, 'privacy_receipt_title')}</h1>
        <ReceiptView lang={lang} receipt={request.receipt} />
        <p>
          <a href={`${PORTAL_BASE}/minors`}>← {t(lang, 'nav_minors')}</a>
        </p>
      </>
    );
    return sendPortalPage(c, t(lang, 'privacy_receipt_title'), body, { section: 'minors' });
  });
}
