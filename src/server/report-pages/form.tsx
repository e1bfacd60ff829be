import type { Child } from 'hono/jsx';
import { CATEGORIES, CATEGORY_TIERS, type Category } from '../../engine/index.js';
import type { ErrorDetail } from '../../lib/index.js';
import {
  REPORTER_ROLES,
  REPORT_LIMITS,
  isReportCategory,
  sha256Hex,
  type ReportInput,
  type ReporterRole,
  type ReportSubject,
} from '../../store/index.js';
import { Notice, PostForm, categoryLabel, t, type Lang, type MessageKey } from '../web/index.js';
import { REPORT_BASE } from './respond.js';
import { LookupForm } from './status.js';

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

/** Longest value of each free-text field (UTF-16 code units, as the browser's maxlength counts): intake's limits. */
export const FIELD_LIMITS = {
  contentText: REPORT_LIMITS.snapshotText,
  contentUrl: REPORT_LIMITS.url,
  userRef: REPORT_LIMITS.ref,
  description: Math.min(REPORT_LIMITS.description, REPORT_LIMITS.messageText),
  contact: REPORT_LIMITS.contact,
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
} as const satisfies Record<ReporterRole, MessageKey>;

const TIERS = ['harmful', 'conduct', 'may_affect'] as const;
const TIER_LABELS = {
  harmful: 'tier_harmful',
  may_affect: 'tier_may_affect',
  conduct: 'tier_conduct',
} as const satisfies Record<(typeof TIERS)[number], MessageKey>;

/**
 * The children's channel names the problems as a child would, each mapped to the taxonomy id the report is filed under
 * (and triaged by): what someone did to me first, then what I saw.
 */
const CHILD_CATEGORIES = {
  grooming: 'child_category_grooming',
  contact_offplatform: 'child_category_contact_offplatform',
  abuse: 'child_category_abuse',
  fraud: 'child_category_fraud',
  violence: 'child_category_violence',
  doxxing: 'child_category_doxxing',
  self_harm: 'child_category_self_harm',
  sexual: 'child_category_sexual',
  gambling: 'child_category_gambling',
  drugs: 'child_category_drugs',
  other: 'child_category_other',
} as const satisfies Partial<Record<Category | 'other', MessageKey>>;

/** A message with `{police}` and `{helpline}` as numbers a phone dials with one tap. */
function WithCalls(props: { readonly lang: Lang; readonly message: MessageKey }) {
  const { lang } = props;
  const call = (number: string) => (
    <a class="call" href={`tel:${number}`} aria-label={t(lang, 'report_call', { number })}>
      {number}
    </a>
  );
  const parts = t(lang, props.message).split(/(\{police\}|\{helpline\})/);
  return <>{parts.map((part) => (part === '{police}' ? call('110') : part === '{helpline}' ? call('12355') : part))}</>;
}

/** One problem with the form, tied to the field it belongs to (or to none). */
export interface FieldProblem {
  readonly field: keyof ReportFormValues | undefined;
  readonly message: string;
}

/** A problem before it is put in words: what is wrong and with which field. */
export type FormProblem =
  | { readonly field: keyof ReportFormValues | undefined; readonly kind: 'need_something' | 'url' | 'required' }
  | { readonly field: keyof ReportFormValues; readonly kind: 'choose' }
  | { readonly field: keyof ReportFormValues | undefined; readonly kind: 'too_long'; readonly max: number }
  | { readonly field: keyof ReportFormValues | undefined; readonly kind: 'other'; readonly text: string };

/** What the form says, as intake takes it (the tenant and channel are the page's to add). */
export type FormReport = Omit<ReportInput, 'tenantId' | 'channel'>;

/**
 * Reads the form into a report. What was reported decides the subject: pasted text or a link is content (reports of the same
 * link or text group into one case), an account alone is a user, and an account of what happened, alone, is the reporter's
 * own words of a conversation, screened like one. Leaving the contact empty is what makes a report anonymous. Everything
 * else (lengths, the link's form) is intake's to check, so the API and the form refuse the same things.
 */
export function toReportInput(
  values: ReportFormValues,
):
  | { readonly ok: true; readonly input: FormReport }
  | { readonly ok: false; readonly problems: readonly FormProblem[] } {
  const problems: FormProblem[] = [];
  const role = REPORTER_ROLES.find((r) => r === values.reporterKind);
  if (role === undefined) problems.push({ field: 'reporterKind', kind: 'choose' });
  const category = isReportCategory(values.category) ? values.category : undefined;
  if (category === undefined) problems.push({ field: 'category', kind: 'choose' });
  const has = (value: string): boolean => value.trim() !== '';
  const text = has(values.contentText) ? values.contentText : undefined;
  const url = has(values.contentUrl) ? values.contentUrl : undefined;
  const userRef = has(values.userRef) ? values.userRef : undefined;
  const description = has(values.description) ? values.description : undefined;
  let subject: ReportSubject | undefined;
  if (text !== undefined || url !== undefined) {
    const contentRef =
      url !== undefined && url.length <= REPORT_LIMITS.ref
        ? url
        : `sha256:${sha256Hex(url ?? text ?? '').slice(0, 32)}`;
    subject = { kind: 'content', contentRef, snapshot: { text, url }, authorRef: userRef };
  } else if (userRef !== undefined) {
    subject = { kind: 'user', userRef };
  } else if (description !== undefined) {
    subject = { kind: 'conversation', messages: [{ from: 'reporter', text: description }] };
  } else {
    problems.push({ field: undefined, kind: 'need_something' });
  }
  if (role === undefined || category === undefined || subject === undefined) return { ok: false, problems };
  const contact = has(values.contact) ? values.contact : undefined;
  return {
    ok: true,
    input: {
      subject,
      category,
      reporterRole: role,
      description: subject.kind === 'conversation' ? undefined : description,
      contact,
      anonymous: contact === undefined,
    },
  };
}

const BACKEND_FIELDS: readonly (readonly [RegExp, keyof ReportFormValues | undefined])[] = [
  [/^subject\.snapshot\.text$/, 'contentText'],
  [/^subject\.snapshot\.url$/, 'contentUrl'],
  [/^subject\.contentRef$/, 'contentUrl'],
  [/^subject\.(userRef|authorRef|snapshot\.text)$/, 'userRef'],
  [/^subject\.messages/, 'description'],
  [/^description$/, 'description'],
  [/^contact$/, 'contact'],
  [/^category$/, 'category'],
  [/^reporterRole$/, 'reporterKind'],
];

/** Intake's problem (a path into the report and an English phrase) as a problem with one of the form's fields. */
export function fromBackend(detail: ErrorDetail): FormProblem {
  const path = detail.path ?? '';
  const field = BACKEND_FIELDS.find(([pattern]) => pattern.test(path))?.[1];
  if (path === 'subject.snapshot') return { field: undefined, kind: 'need_something' };
  const longer = /longer than (\d+)/.exec(detail.message);
  if (longer !== null) return { field, kind: 'too_long', max: Number(longer[1]) };
  if (/URL/.test(detail.message)) return { field, kind: 'url' };
  if (detail.message === 'required') return { field, kind: 'required' };
  return { field, kind: 'other', text: detail.message };
}

/** A problem in the reader's language. */
export function describe(lang: Lang, problem: FormProblem): FieldProblem {
  const label = problem.field === undefined ? '' : t(lang, FIELD_LABELS[problem.field]);
  switch (problem.kind) {
    case 'need_something':
      return { field: problem.field, message: t(lang, 'report_need_something') };
    case 'choose':
      return {
        field: problem.field,
        message: t(lang, problem.field === 'category' ? 'report_error_category' : 'report_error_reporter'),
      };
    case 'url':
      return { field: problem.field, message: t(lang, 'report_error_url') };
    case 'too_long':
      return { field: problem.field, message: t(lang, 'report_error_too_long', { field: label, max: problem.max }) };
    case 'required':
      return { field: problem.field, message: t(lang, 'error_invalid_input', { detail: label }) };
    case 'other':
      return {
        field: problem.field,
        message: t(lang, 'error_invalid_input', { detail: `${label} ${problem.text}`.trim() }),
      };
  }
}

/** The attributes that tie a field to its error message, when it has one. */
type InvalidAttributes = { 'aria-invalid'?: 'true'; 'aria-describedby'?: string };

/** The report form; `minor` opens the children's channel: kind words first, "under 18" already chosen. */
export function ReportForm(props: {
  readonly lang: Lang;
  readonly token: string;
  readonly minor: boolean;
  readonly values: ReportFormValues;
  readonly problems?: readonly FieldProblem[];
  readonly error?: string | undefined;
}) {
  const { lang, values, minor } = props;
  const problems = props.problems ?? [];
  const problemOf = (field: keyof ReportFormValues): string | undefined =>
    problems.find((p) => p.field === field)?.message;
  const invalid = (field: keyof ReportFormValues): InvalidAttributes =>
    problemOf(field) === undefined ? {} : { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` };
  const fieldError = (field: keyof ReportFormValues) => {
    const message = problemOf(field);
    return message === undefined ? null : (
      <p class="field-error" id={`${field}-error`}>
        {message}
      </p>
    );
  };
  const reporterKind = values.reporterKind !== '' ? values.reporterKind : minor ? 'minor' : '';
  const text = (field: TextField, type: 'text' | 'url', extra?: Child) => (
    <>
      <label for={field}>{t(lang, FIELD_LABELS[field])}</label>
      {extra ?? null}
      <input
        id={field}
        name={field}
        type={type === 'url' ? 'url' : 'text'}
        {...(type === 'url' ? { inputmode: 'url', placeholder: 'https://' } : {})}
        maxlength={FIELD_LIMITS[field]}
        value={values[field]}
        {...invalid(field)}
      />
      {fieldError(field)}
    </>
  );
  const summary =
    problems.length === 0 ? null : (
      <div class="notice error" role="alert" id="form-errors">
        <p>{t(lang, 'report_errors_title')}</p>
        <ul>
          {problems.map((p) => (
            <li>{p.message}</li>
          ))}
        </ul>
      </div>
    );
  const header = minor ? (
    <>
      <h1>{t(lang, 'report_minor_title')}</h1>
      <div class="card kind" id="minor-channel">
        <p>{t(lang, 'report_minor_intro')}</p>
        <p>
          <strong>
            <WithCalls lang={lang} message="report_minor_help" />
          </strong>
        </p>
      </div>
      <p>
        <a href={REPORT_BASE}>{t(lang, 'report_minor_back')}</a>
      </p>
    </>
  ) : (
    <>
      <h1>{t(lang, 'report_title')}</h1>
      <p class="intro">{t(lang, 'report_intro')}</p>
      <p>
        <a class="button minor" id="minor-link" href={`${REPORT_BASE}?for=minor`}>
          {t(lang, 'report_minor_link')}
        </a>
      </p>
    </>
  );
  // A textarea drops one newline right after its start tag; writing one keeps a value that itself starts with a newline.
  return (
    <>
      {header}
      <Notice kind="error" message={props.error} />
      {summary}
      <PostForm action={REPORT_BASE} csrf={props.token} class="card" id="report-form" novalidate>
        <input type="hidden" name="for" value={minor ? 'minor' : ''} />
        <fieldset {...invalid('reporterKind')}>
          <legend>{t(lang, 'report_who')}</legend>
          {REPORTER_ROLES.map((kind) => (
            <label class="check">
              <input type="radio" name="reporterKind" value={kind} checked={kind === reporterKind} />{' '}
              {t(lang, REPORTER_LABELS[kind])}
            </label>
          ))}
        </fieldset>
        {fieldError('reporterKind')}
        {minor ? (
          <ChildCategories lang={lang} chosen={values.category} invalid={invalid('category')} />
        ) : (
          <CategorySelect lang={lang} chosen={values.category} invalid={invalid('category')} />
        )}
        {fieldError('category')}
        <p class="hint">{t(lang, 'report_need_something')}</p>
        <label for="contentText">{t(lang, 'report_content_text')}</label>
        <textarea id="contentText" name="contentText" maxlength={FIELD_LIMITS.contentText} {...invalid('contentText')}>
          {`\n${values.contentText}`}
        </textarea>
        {fieldError('contentText')} {text('contentUrl', 'url')} {text('userRef', 'text')}
        <label for="description">
          {t(lang, 'report_description')} <span class="hint">{t(lang, 'report_description_hint')}</span>
        </label>
        <textarea id="description" name="description" maxlength={FIELD_LIMITS.description} {...invalid('description')}>
          {`\n${values.description}`}
        </textarea>
        {fieldError('description')}
        {text(
          'contact',
          'text',
          <p class="hint" id="contact-hint">
            {t(lang, 'report_contact_hint')}
          </p>,
        )}
        <button type="submit">{t(lang, 'report_submit')}</button>
      </PostForm>
      <LookupForm lang={lang} />
    </>
  );
}

function CategorySelect(props: { readonly lang: Lang; readonly chosen: string; readonly invalid: InvalidAttributes }) {
  const { lang, chosen } = props;
  return (
    <>
      <label for="category">{t(lang, 'report_category')}</label>
      <select id="category" name="category" required {...props.invalid}>
        <option value="">{t(lang, 'report_category_choose')}</option>
        {TIERS.map((tier) => (
          <optgroup label={t(lang, TIER_LABELS[tier])}>
            {CATEGORIES.filter((id: Category) => CATEGORY_TIERS[id] === tier).map((id) => (
              <option value={id} selected={id === chosen}>
                {categoryLabel(id, lang)}
              </option>
            ))}
          </optgroup>
        ))}
        <option value="other" selected={chosen === 'other'}>
          {t(lang, 'report_category_other')}
        </option>
      </select>
    </>
  );
}

function ChildCategories(props: { readonly lang: Lang; readonly chosen: string; readonly invalid: InvalidAttributes }) {
  const { lang } = props;
  return (
    <fieldset id="category" class="choices" {...props.invalid}>
      <legend>{t(lang, 'report_child_category')}</legend>
      {Object.entries(CHILD_CATEGORIES).map(([id, key]) => (
        <label class="check">
          <input type="radio" name="category" value={id} checked={id === props.chosen} /> {t(lang, key)}
        </label>
      ))}
    </fieldset>
  );
}
