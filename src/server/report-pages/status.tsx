import type { ReportStatus } from '../../store/index.js';
import { categoryLabel, formatTime, type Lang, type MessageKey, t } from '../web/index.js';
import { REPORT_BASE } from './respond.js';

const STATUS_LABELS = {
  received: 'report_status_received',
  in_review: 'report_status_in_review',
  resolved: 'report_status_resolved',
} as const satisfies Record<ReportStatus['status'], MessageKey>;

const OUTCOME_LABELS = {
  action_taken: 'report_outcome_action_taken',
  referred_to_authorities: 'report_outcome_referred_to_authorities',
  no_violation: 'report_outcome_no_violation',
  action_reversed: 'report_outcome_action_reversed',
} as const satisfies Record<NonNullable<ReportStatus['outcome']>, MessageKey>;

/** The small form that looks a tracking code up. */
export function LookupForm(props: { readonly lang: Lang; readonly code?: string }) {
  const { lang } = props;
  return (
    <form class="card" method="get" action={`${REPORT_BASE}/status`} id="lookup">
      <label for="code">{t(lang, 'report_lookup_title')}</label>
      <div class="inline-field">
        <input id="code" name="code" type="text" autocapitalize="none" autocomplete="off" value={props.code ?? ''} />
        <button type="submit" class="secondary">
          {t(lang, 'report_lookup_button')}
        </button>
      </div>
    </form>
  );
}

/** Where a report stands, its outcome and the review team's messages; right after sending, the code to keep. */
export function ReportStatusBody(props: {
  readonly lang: Lang;
  readonly code: string;
  readonly status: ReportStatus;
  readonly fresh: boolean;
}) {
  const { lang, code, status } = props;
  const category =
    status.category === 'other' ? t(lang, 'report_category_other') : categoryLabel(status.category, lang);
  return (
    <>
      {props.fresh ? (
        <>
          <h1>{t(lang, 'report_done_title')}</h1>
          <p class="notice ok" role="status">
            {t(lang, 'report_done_intro')}
          </p>
          <p>{t(lang, 'report_code')}</p>
          <p>
            <code class="tracking-code" id="tracking-code">
              {code}
            </code>
          </p>
          <p>
            <button type="button" class="secondary" data-copy="tracking-code" data-copied={t(lang, 'report_copied')}>
              {t(lang, 'report_copy')}
            </button>
          </p>
          <p>
            {t(lang, 'report_status_link')}:{' '}
            <a href={`${REPORT_BASE}/status/${encodeURIComponent(code)}`} id="status-link">
              <code>
                {REPORT_BASE}/status/{code}
              </code>
            </a>
          </p>
        </>
      ) : (
        <>
          <h1>{t(lang, 'report_status_title')}</h1>
          <p>
            {t(lang, 'report_code')}: <code class="tracking-code">{code}</code>
          </p>
        </>
      )}
      <dl class="legend card" id="report-status">
        <dt>{t(lang, 'category')}</dt>
        <dd>{category}</dd>
        <dt>{t(lang, 'report_submitted_at')}</dt>
        <dd>{formatTime(status.createdAt)}</dd>
        <dt>{t(lang, 'report_current_status')}</dt>
        <dd id="status" data-status={status.status}>
          {t(lang, STATUS_LABELS[status.status])}
        </dd>
        <dt>{t(lang, 'report_outcome')}</dt>
        <dd id="outcome" data-outcome={status.outcome ?? ''}>
          {status.outcome === null ? t(lang, 'report_no_outcome') : t(lang, OUTCOME_LABELS[status.outcome])}
        </dd>
      </dl>
      <h2>{t(lang, 'report_notes')}</h2>
      {status.messages.length === 0 ? (
        <p class="muted" id="no-messages">
          {t(lang, 'report_no_notes')}
        </p>
      ) : (
        <ol class="events card" id="messages">
          {status.messages.map((m) => (
            <li class="note-reporter">
              <span class="muted">{formatTime(m.at)}</span>
              <div>{m.text}</div>
            </li>
          ))}
        </ol>
      )}
      <p class="hint">{t(lang, 'report_time_zone')}</p>
      <p>
        <a href={REPORT_BASE}>{t(lang, 'report_new')}</a>
      </p>
    </>
  );
}
