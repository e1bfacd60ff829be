import { CATEGORIES, CATEGORY_TIERS, type Category } from '../../engine/index.js';
import { html, type SafeHtml } from '../console/html.js';
import { t, type Lang, type MessageKey } from '../console/i18n.js';
import { categoryLabel } from '../console/labels.js';
import { notice } from '../console/layout.js';
import { REPORT_BASE, formTokenField } from './layout.js';

/** Who may say they are reporting, in the order the form offers them. */
export const REPORTER_KINDS = ['minor', 'guardian', 'other'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** The form's fields as typed, kept whole so a refused form comes back filled in. */
export interface ReportFormValues {
  readonly reporterKind: string;
  readonly category: string;
  readonly contentText: string;
  readonly contentUrl: string;
  readonly userRef: string;
  readonly description: string;
  readonly contact: string;
}

export const EMPTY_FORM: ReportFormValues = {
  reporterKind: '',
  category: '',
  contentText: '',
  contentUrl: '',
  userRef: '',
  description: '',
  contact: '',
};

/** Longest value of each free-text field, in characters as a person counts them. */
export const FIELD_LIMITS = {
  contentText: 5000,
  contentUrl: 2000,
  userRef: 200,
  description: 5000,
  contact: 200,
} as const;

export type TextField = keyof typeof FIELD_LIMITS;

export const FIELD_LABELS = {
  reporterKind: 'report_who',
  category: 'report_category',
  contentText: 'report_content_text',
  contentUrl: 'report_content_url',
  userRef: 'report_user_ref',
  description: 'report_description',
  contact: 'report_contact',
} as const satisfies Record<keyof ReportFormValues, MessageKey>;

const REPORTER_LABELS = {
  minor: 'reporter_minor',
  guardian: 'reporter_guardian',
  other: 'reporter_other',
} as const satisfies Record<ReporterKind, MessageKey>;

const TIERS = ['harmful', 'conduct', 'may_affect'] as const;
const TIER_LABELS = {
  harmful: 'tier_harmful',
  may_affect: 'tier_may_affect',
  conduct: 'tier_conduct',
} as const satisfies Record<(typeof TIERS)[number], MessageKey>;

/** One problem with the form, tied to the field it belongs to (or to none). */
export interface FieldProblem {
  readonly field: keyof ReportFormValues | undefined;
  readonly message: string;
}

/** The report form; `minor` opens the children's channel: kind words first, "under 18" already chosen. */
export function renderReportForm(
  lang: Lang,
  options: {
    readonly token: string;
    readonly minor: boolean;
    readonly values: ReportFormValues;
    readonly problems?: readonly FieldProblem[];
    readonly error?: string | undefined;
  },
): SafeHtml {
  const { values, minor } = options;
  const problems = options.problems ?? [];
  const problemOf = (field: keyof ReportFormValues): string | undefined =>
    problems.find((p) => p.field === field)?.message;
  const invalid = (field: keyof ReportFormValues) =>
    problemOf(field) === undefined ? null : html` aria-invalid="true" aria-describedby="${field}-error"`;
  const fieldError = (field: keyof ReportFormValues) => {
    const message = problemOf(field);
    return message === undefined ? null : html`<p class="field-error" id="${field}-error">${message}</p>`;
  };
  const reporterKind = values.reporterKind !== '' ? values.reporterKind : minor ? 'minor' : '';
  const text = (field: TextField, type: 'text' | 'url', extra?: SafeHtml) =>
    html`<label for="${field}">${t(lang, FIELD_LABELS[field])}</label>
      ${extra ?? null}
      <input
        id="${field}"
        name="${field}"
        type="${type === 'url' ? 'url' : 'text'}"
        ${type === 'url' ? html` inputmode="url" placeholder="https://"` : null}
        maxlength="${FIELD_LIMITS[field]}"
        value="${values[field]}"
        ${invalid(field)}
      />
      ${fieldError(field)}`;
  const summary =
    problems.length === 0
      ? null
      : html`<div class="notice error" role="alert" id="form-errors">
          <p>${t(lang, 'report_errors_title')}</p>
          <ul>
            ${problems.map((p) => html`<li>${p.message}</li>`)}
          </ul>
        </div>`;
  const header = minor
    ? html`<h1>${t(lang, 'report_minor_title')}</h1>
        <div class="card kind" id="minor-channel">
          <p>${t(lang, 'report_minor_intro')}</p>
          <p><strong>${t(lang, 'report_minor_help')}</strong></p>
        </div>
        <p><a href="${REPORT_BASE}">${t(lang, 'report_minor_back')}</a></p>`
    : html`<h1>${t(lang, 'report_title')}</h1>
        <p class="intro">${t(lang, 'report_intro')}</p>
        <p>
          <a class="button minor" id="minor-link" href="${REPORT_BASE}?for=minor">${t(lang, 'report_minor_link')}</a>
        </p>`;
  return html`${header} ${notice('error', options.error)} ${summary}
    <form class="card" method="post" action="${REPORT_BASE}" id="report-form" novalidate>
      ${formTokenField(options.token)}
      <input type="hidden" name="for" value="${minor ? 'minor' : ''}" />
      <fieldset ${invalid('reporterKind')}>
        <legend>${t(lang, 'report_who')}</legend>
        ${REPORTER_KINDS.map(
          (kind) =>
            html`<label class="check"
              ><input
                type="radio"
                name="reporterKind"
                value="${kind}"
                ${kind === reporterKind ? html` checked` : null}
              />
              ${t(lang, REPORTER_LABELS[kind])}</label
            >`,
        )}
      </fieldset>
      ${fieldError('reporterKind')}
      <label for="category">${t(lang, 'report_category')}</label>
      <select id="category" name="category" required ${invalid('category')}>
        <option value="">${t(lang, 'report_category_choose')}</option>
        ${TIERS.map(
          (tier) =>
            html`<optgroup label="${t(lang, TIER_LABELS[tier])}">
              ${CATEGORIES.filter((id: Category) => CATEGORY_TIERS[id] === tier).map(
                (id) =>
                  html`<option value="${id}" ${id === values.category ? html` selected` : null}>
                    ${categoryLabel(id, lang)}
                  </option>`,
              )}
            </optgroup>`,
        )}
        <option value="other" ${values.category === 'other' ? html` selected` : null}>
          ${t(lang, 'report_category_other')}
        </option>
      </select>
      ${fieldError('category')}
      <p class="hint">${t(lang, 'report_need_something')}</p>
      <label for="contentText">${t(lang, 'report_content_text')}</label>
      <textarea id="contentText" name="contentText" maxlength="${FIELD_LIMITS.contentText}" ${invalid('contentText')}>
${values.contentText}</textarea>
      ${fieldError('contentText')} ${text('contentUrl', 'url')} ${text('userRef', 'text')}
      <label for="description"
        >${t(lang, 'report_description')} <span class="hint">${t(lang, 'report_description_hint')}</span></label
      >
      <textarea id="description" name="description" maxlength="${FIELD_LIMITS.description}" ${invalid('description')}>
${values.description}</textarea>
      ${fieldError('description')}
      ${text('contact', 'text', html`<p class="hint" id="contact-hint">${t(lang, 'report_contact_hint')}</p>`)}
      <button type="submit">${t(lang, 'report_submit')}</button>
    </form>
    <form class="card" method="get" action="${REPORT_BASE}/status" id="lookup">
      <label for="code">${t(lang, 'report_lookup_title')}</label>
      <div class="inline-field">
        <input id="code" name="code" type="text" autocapitalize="characters" autocomplete="off" />
        <button type="submit" class="secondary">${t(lang, 'report_lookup_button')}</button>
      </div>
    </form>`;
}
