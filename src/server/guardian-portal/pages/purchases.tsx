import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import { Notice, PostForm, formatTime, flashOf, redirectTo, t, type Lang } from '../../web/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { portalData } from '../data.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';
import type { PurchaseView } from '../views.js';

const MINOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REASON_MAX = 500;

/**
 * A child's spending: every purchase the platform asked about (top-ups and others), what the policy answered, and for a
 * completed one a refund request when it was spent without the guardian's consent (one per purchase).
 */
export function registerPurchaseRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';
  const boundMinor = async (c: PortalContext) => {
    const minorId = c.req.param('minorId') ?? '';
    return MINOR_ID.test(minorId) ? await data.minor(me(c), minorId) : null;
  };
  const notBound = (c: PortalContext) => {
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_bound'));
  };

  const render = async (c: PortalContext, error?: { purchaseId: string; message: string; reason: string }) => {
    const lang = c.get('lang');
    const minor = await boundMinor(c);
    if (minor === null) return notBound(c);
    const purchases = await data.purchases(minor.minorId);
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const ok = flashOf(c, { refund_requested: 'refund_requested' });
    const body = (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'purchases_title')}</h1>
        <p class="intro">
          {t(lang, 'purchases_intro')} {t(lang, 'times_beijing')}
        </p>
        <Notice kind="ok" message={ok} />
        <Notice kind="error" message={error?.message} />
        {purchases.length === 0 ? (
          <p class="card">{t(lang, 'purchases_none')}</p>
        ) : (
          <ul class="plain cards" id="purchases">
            {purchases.map((p) => (
              <PurchaseCard lang={lang} csrf={c.get('csrf')} base={base} p={p} error={error} />
            ))}
          </ul>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'purchases_title'), body, {
      section: 'minors',
      ...(error === undefined ? {} : { code: 'validation_failed' as const }),
    });
  };

  app.get('/minors/:minorId/purchases', guard, (c) => render(c));

  app.post('/minors/:minorId/purchases/:purchaseId/refund', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await boundMinor(c);
    if (minor === null) return notBound(c);
    const purchaseId = c.req.param('purchaseId');
    const reason = c.get('form').get('reason').trim();
    if (reason === '' || reason.length > REASON_MAX) {
      return render(c, { purchaseId, reason, message: t(lang, 'refund_reason_needed', { max: REASON_MAX }) });
    }
    try {
      await data.requestRefund(minor.minorId, purchaseId, reason);
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'conflict' && error.code !== 'not_found')) throw error;
      return render(c, { purchaseId, reason, message: t(lang, 'refund_not_possible') });
    }
    return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}/purchases`, { done: 'refund_requested' });
  });
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2).replace(/\.00$/, '');
}

function PurchaseCard(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly base: string;
  readonly p: PurchaseView;
  readonly error: { purchaseId: string; message: string; reason: string } | undefined;
}) {
  const { lang, p } = props;
  const mine = props.error?.purchaseId === p.id ? props.error : undefined;
  return (
    <li id={`purchase-${p.id}`}>
      <h3>
        {t(lang, 'yuan_value', { n: yuan(p.amountFen) })} · {t(lang, `purchase_kind_${p.kind}`)}
      </h3>
      <p class="muted">
        {formatTime(p.createdAt)}
        {p.description === null ? null : ` · ${p.description}`}
      </p>
      <p>
        <span class="tag">{t(lang, `purchase_status_${p.status}`)}</span>
      </p>
      {p.refundRequestedAt !== null ? (
        <p class="hint">{t(lang, 'refund_requested_at', { time: formatTime(p.refundRequestedAt) })}</p>
      ) : p.status === 'completed' ? (
        <details open={mine !== undefined}>
          <summary>{t(lang, 'refund_request')}</summary>
          <PostForm action={`${props.base}/purchases/${p.id}/refund`} csrf={props.csrf}>
            <label for={`reason-${p.id}`}>{t(lang, 'refund_reason')}</label>
            <textarea id={`reason-${p.id}`} name="reason" maxlength={REASON_MAX} required>
              {mine?.reason ?? ''}
            </textarea>
            <button type="submit">{t(lang, 'refund_submit')}</button>
          </PostForm>
        </details>
      ) : null}
    </li>
  );
}
