import type { Hono } from 'hono';
import { isAppError, type ErrorCode } from '../../lib/index.js';
import { getReportStatus, type ReportStatus } from '../../store/index.js';
import { refundPublicToken, secondsToWait } from '../public-limits.js';
import { fileReportWithEngine, publicReportTenant, publicReportingProblem } from '../reports/intake.js';
import type { ServiceDeps } from '../service-deps.js';
import { ErrorBody, Notice, createPageSet, t, type Form } from '../web/index.js';
import type { ReportContext, ReportEnv } from './context.js';
import {
  EMPTY_FORM,
  ReportForm,
  describe,
  fromBackend,
  toReportInput,
  type FieldProblem,
  type ReportFormValues,
} from './form.js';
import { REPORT_BASE, REPORT_SITE, sendReportPage } from './respond.js';
import { LookupForm, ReportStatusBody } from './status.js';

const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * The public report pages, mounted under `/report`: the form (no sign-in, a channel for minors, anonymous allowed), the
 * tracking code after sending, and the status page a reporter follows the report on.
 *
 * @NOTE CSRF without sessions: the kit's double-submit cookie is SameSite=Strict here, and a refused form is shown again with
 * what was typed. Another site can neither read the cookie nor set it, so it cannot file reports in a visitor's name or
 * from a visitor's address.
 */
export function createReportPages(deps: ServiceDeps): Hono {
  const set = createPageSet<ReportEnv>({
    deps,
    site: REPORT_SITE,
    formLimitBytes: FORM_LIMIT_BYTES,
    csrfCookie: 'ql_report',
    csrfSameSite: 'Strict',
    refused: (c, form) =>
      formPage(c, form.get('for') === 'minor', valuesOf(form), {
        error: t(c.get('lang'), 'report_error_form'),
        code: 'forbidden',
      }),
    notFound: (c) => {
      const chosen = c.get('lang');
      const back = <a href={REPORT_BASE}>{t(chosen, 'report_title')}</a>;
      return sendReportPage(
        c,
        t(chosen, 'error_not_found_title'),
        <ErrorBody title={t(chosen, 'error_not_found_title')} message={t(chosen, 'error_not_found')} back={back} />,
        'not_found',
      );
    },
    logName: 'report page',
  });
  const { app } = set;

  const formPage = (
    c: ReportContext,
    minor: boolean,
    values: ReportFormValues,
    extra: {
      problems?: readonly FieldProblem[];
      error?: string;
      code?: ErrorCode;
    } = {},
  ) => {
    const chosen = c.get('lang');
    const title = minor ? t(chosen, 'report_minor_title') : t(chosen, 'report_title');
    const body = (
      <ReportForm
        lang={chosen}
        token={c.get('csrf')}
        minor={minor}
        values={values}
        {...(extra.problems === undefined ? {} : { problems: extra.problems })}
        error={extra.error}
      />
    );
    return sendReportPage(c, title, body, extra.code);
  };

  // When public reports cannot be filed (several tenants and none chosen), the form says so before anyone types a report.
  app.get('/', async (c) => {
    const unavailable = (await publicReportingProblem(deps)) !== undefined;
    return formPage(
      c,
      c.req.query('for') === 'minor',
      EMPTY_FORM,
      unavailable ? { error: t(c.get('lang'), 'report_error_unavailable') } : {},
    );
  });

  app.post('/', async (c) => {
    const chosen = c.get('lang');
    const form = c.get('form');
    const values = valuesOf(form);
    const minor = form.get('for') === 'minor';
    const parsed = toReportInput(values);
    if (!parsed.ok)
      return formPage(c, minor, values, {
        problems: parsed.problems.map((p) => describe(chosen, p)),
        code: 'validation_failed',
      });
    // The limit is taken only for a form that would be filed: a person fixing a typo is not punished for it.
    const wait = await secondsToWait(c, deps, 'file');
    if (wait !== undefined) {
      return formPage(c, minor, values, {
        error: t(chosen, 'report_error_rate', { seconds: wait }),
        code: 'rate_limited',
      });
    }
    try {
      const tenantId = await publicReportTenant(deps);
      const filed = await fileReportWithEngine(deps, { ...parsed.input, tenantId, channel: 'public' });
      return c.redirect(`${REPORT_BASE}/status/${encodeURIComponent(filed.trackingCode)}?new=1`, 303);
    } catch (error) {
      if (!isAppError(error)) throw error;
      // Only accepted reports count toward the limit: a refused one is answered with what was wrong.
      await refundPublicToken(c, deps, 'file');
      if (error.code === 'validation_failed') {
        return formPage(c, minor, values, {
          problems: error.details.map((d) => describe(chosen, fromBackend(d))),
          code: 'validation_failed',
        });
      }
      if (error.code === 'unavailable') {
        deps.log.error({ err: error }, 'public report channel is not set up');
        return formPage(c, minor, values, { error: t(chosen, 'report_error_unavailable'), code: 'unavailable' });
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
    const wait = await secondsToWait(c, deps, 'status');
    if (wait !== undefined) {
      return sendReportPage(
        c,
        title,
        <>
          <h1>{title}</h1>
          <Notice kind="error" message={t(chosen, 'report_error_rate', { seconds: wait })} />
        </>,
        'rate_limited',
      );
    }
    let status: ReportStatus;
    try {
      status = await getReportStatus(deps.store.db, code);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code !== 'not_found') throw error;
      return sendReportPage(
        c,
        title,
        <>
          <h1>{title}</h1>
          <Notice kind="error" message={t(chosen, 'report_lookup_unknown')} />
          <LookupForm lang={chosen} code={code} />
        </>,
        'not_found',
      );
    }
    return sendReportPage(
      c,
      title,
      <ReportStatusBody lang={chosen} code={code} status={status} fresh={c.req.query('new') === '1'} />,
    );
  });

  return set.mount();
}

/** What the visitor typed, to file or to show again. */
function valuesOf(form: Form): ReportFormValues {
  return {
    reporterKind: form.get('reporterKind'),
    category: form.get('category'),
    contentText: form.get('contentText'),
    contentUrl: form.get('contentUrl').trim(),
    userRef: form.get('userRef').trim(),
    description: form.get('description'),
    contact: form.get('contact').trim(),
  };
}
