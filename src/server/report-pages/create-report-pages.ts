import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { getReportStatus, randomSecret, type ReportStatus } from '../../store/index.js';
import { ASSETS } from '../console/assets.js';
import { escapeHtml, html, type HtmlValue } from '../console/html.js';
import { t, type Lang } from '../console/i18n.js';
import { chooseLang, isCrossSite, secureTest, servePageBasics } from '../web-pages.js';
import { sameToken } from '../web-security.js';
import { notice } from '../console/layout.js';
import type { ServiceDeps } from '../service-deps.js';
import { isAppError } from '../../lib/index.js';
import { secondsToWait } from '../public-limits.js';
import { fileReportWithEngine, publicReportTenant } from '../reports/intake.js';
import { EMPTY_FORM, describe, fromBackend, renderReportForm, toReportInput, type ReportFormValues } from './form.js';
import { REPORT_BASE, renderReportPage } from './layout.js';
import { lookupForm, renderStatus } from './status.js';

const FORM_LIMIT_BYTES = 64 * 1024;

type ReportEnv = {
  Variables: {
    lang: Lang;
    /** The double-submit token this visitor's forms carry. */
    token: string;
    form: URLSearchParams;
  };
};
type ReportContext = Context<ReportEnv>;

/**
 * The public report pages, mounted under `/report`: the form (no sign-in, a channel for minors, anonymous allowed), the
 * tracking code after sending, and the status page a reporter follows the report on.
 *
 * @NOTE CSRF without sessions: the form carries a random token that must equal the one in an HttpOnly, SameSite=Strict
 * cookie (a double submit), and a cross-site Origin or Sec-Fetch-Site is refused before that. Another site can neither read
 * the cookie nor set it, so it cannot file reports in a visitor's name or from a visitor's address.
 */
export function createReportPages(deps: ServiceDeps): Hono {
  const app = new Hono<ReportEnv>();
  const publicHost = new URL(deps.config.publicUrl).host;
  const isSecure = secureTest(deps.config.publicUrl);
  const tokenCookie = (c: ReportContext): string => (isSecure(c) ? '__Host-ql_report' : 'ql_report');

  servePageBasics(app, REPORT_BASE, ASSETS);

  const lang: MiddlewareHandler<ReportEnv> = async (c, next) => {
    c.set('lang', chooseLang(c, isSecure(c)));
    await next();
  };

  const token: MiddlewareHandler<ReportEnv> = async (c, next) => {
    let value = getCookie(c, tokenCookie(c));
    if (value === undefined || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = randomSecret(32);
      setCookie(c, tokenCookie(c), value, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isSecure(c) });
    }
    c.set('token', value);
    await next();
  };

  app.use('*', bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => c.text('Payload Too Large', 413) }), lang, token);

  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'report page failed');
    const chosen = (c.get('lang') as Lang | undefined) ?? 'zh';
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>500</title><p>${escapeHtml(t(chosen, 'error_internal'))}</p>`,
      500,
    );
  });

  const send = (c: ReportContext, title: string, body: HtmlValue, status: 200 | 400 | 403 | 404 | 429 | 503 = 200) => {
    const url = new URL(c.req.url);
    url.searchParams.delete('lang');
    const frame = {
      lang: c.get('lang'),
      title,
      path: c.req.method === 'GET' ? url.pathname + url.search : url.pathname,
    };
    return c.html(renderReportPage(frame, body), status);
  };

  const formPage = (
    c: ReportContext,
    minor: boolean,
    values: ReportFormValues,
    extra: {
      problems?: Parameters<typeof renderReportForm>[1]['problems'];
      error?: string;
      status?: 400 | 403 | 429 | 503;
    } = {},
  ) => {
    const chosen = c.get('lang');
    const title = minor ? t(chosen, 'report_minor_title') : t(chosen, 'report_title');
    const body = renderReportForm(chosen, {
      token: c.get('token'),
      minor,
      values,
      ...(extra.problems === undefined ? {} : { problems: extra.problems }),
      error: extra.error,
    });
    return send(c, title, body, extra.status ?? 200);
  };

  app.get('/', (c) => formPage(c, c.req.query('for') === 'minor', EMPTY_FORM));

  app.post('/', async (c) => {
    const chosen = c.get('lang');
    const crossSite = isCrossSite(c, publicHost);
    const type = c.req.header('content-type') ?? '';
    const fields = new URLSearchParams(type.startsWith('application/x-www-form-urlencoded') ? await c.req.text() : '');
    const values: ReportFormValues = {
      reporterKind: fields.get('reporterKind') ?? '',
      category: fields.get('category') ?? '',
      contentText: fields.get('contentText') ?? '',
      contentUrl: (fields.get('contentUrl') ?? '').trim(),
      userRef: (fields.get('userRef') ?? '').trim(),
      description: fields.get('description') ?? '',
      contact: (fields.get('contact') ?? '').trim(),
    };
    const minor = fields.get('for') === 'minor';
    if (crossSite || !sameToken(fields.get('_csrf') ?? '', c.get('token'))) {
      return formPage(c, minor, values, { error: t(chosen, 'report_error_form'), status: 403 });
    }
    const parsed = toReportInput(values);
    if (!parsed.ok)
      return formPage(c, minor, values, { problems: parsed.problems.map((p) => describe(chosen, p)), status: 400 });
    // The limit is taken only for a form that would be filed: a person fixing a typo is not punished for it.
    const wait = secondsToWait(c, deps, 'file');
    if (wait !== undefined) {
      return formPage(c, minor, values, { error: t(chosen, 'report_error_rate', { seconds: wait }), status: 429 });
    }
    try {
      const tenantId = await publicReportTenant(deps);
      const filed = await fileReportWithEngine(deps, { ...parsed.input, tenantId, channel: 'public' });
      return c.redirect(`${REPORT_BASE}/status/${encodeURIComponent(filed.trackingCode)}?new=1`, 303);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'validation_failed') {
        return formPage(c, minor, values, {
          problems: error.details.map((d) => describe(chosen, fromBackend(d))),
          status: 400,
        });
      }
      if (error.code === 'unavailable') {
        deps.log.error({ err: error }, 'public report channel is not set up');
        return formPage(c, minor, values, { error: t(chosen, 'report_error_unavailable'), status: 503 });
      }
      throw error;
    }
  });

  app.get('/status', (c) => {
    const code = (c.req.query('code') ?? '').trim();
    if (code === '') return c.redirect(REPORT_BASE, 303);
    return c.redirect(`${REPORT_BASE}/status/${encodeURIComponent(code)}`, 303);
  });

  app.get('/status/:code', async (c) => {
    const chosen = c.get('lang');
    const code = c.req.param('code');
    const title = t(chosen, 'report_status_title');
    const wait = secondsToWait(c, deps, 'status');
    if (wait !== undefined) {
      return send(
        c,
        title,
        html`<h1>${title}</h1>
          ${notice('error', t(chosen, 'report_error_rate', { seconds: wait }))}`,
        429,
      );
    }
    let status: ReportStatus;
    try {
      status = await getReportStatus(deps.store.db, code);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code !== 'not_found') throw error;
      return send(
        c,
        title,
        html`<h1>${title}</h1>
          ${notice('error', t(chosen, 'report_lookup_unknown'))} ${lookupForm(chosen, code)}`,
        404,
      );
    }
    return send(c, title, renderStatus(chosen, code, status, c.req.query('new') === '1'));
  });

  app.all('*', (c) => {
    const chosen = c.get('lang');
    return send(
      c,
      t(chosen, 'error_not_found_title'),
      html`<h1>${t(chosen, 'error_not_found_title')}</h1>
        ${notice('error', t(chosen, 'error_not_found'))}
        <p><a href="${REPORT_BASE}">${t(chosen, 'report_title')}</a></p>`,
      404,
    );
  });

  const mounted = new Hono();
  mounted.route('/', app);
  return mounted;
}
