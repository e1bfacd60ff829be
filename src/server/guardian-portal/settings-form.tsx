import type { Child } from 'hono/jsx';
import type { AgeBand, Feature, FeatureSetting, GuardianSettings, Weekday } from '../../policy/index.js';
import { BAND_ORDER, FEATURES, FEATURE_SETTINGS, GUARDIAN_BOUNDS, WEEKDAYS } from '../../policy/index.js';
import { t, type Form, type Lang, type MessageKey } from '../web/index.js';

/** A problem with one field of the settings form, in words for the guardian; `rule` names the legal rule when one applies. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  readonly rule?: string;
}

/** The form read into settings, or every problem the form itself has (numbers that are not numbers, times that are not times). */
export type ParsedSettings =
  | { readonly ok: true; readonly settings: GuardianSettings }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const APP_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const FEN_PER_YUAN = 100;

/** Reads the settings form. An empty field means "not set": the product default (or the law) applies. */
export function parseSettingsForm(form: Form, lang: Lang): ParsedSettings {
  const problems: FieldProblem[] = [];
  const field = (name: MessageKey): string => t(lang, name);
  const minutes = (name: string, label: string): number | undefined => {
    const text = form.get(name).trim();
    if (text === '') return undefined;
    if (!/^\d{1,4}$/.test(text)) {
      problems.push({ path: name, message: t(lang, 'error_not_minutes', { field: label }) });
      return undefined;
    }
    return Number(text);
  };
  const yuan = (name: string, label: string): number | undefined => {
    const text = form.get(name).trim();
    if (text === '') return undefined;
    if (!/^\d{1,7}(\.\d{1,2})?$/.test(text)) {
      problems.push({ path: name, message: t(lang, 'error_not_amount', { field: label }) });
      return undefined;
    }
    return Math.round(Number(text) * FEN_PER_YUAN);
  };
  const clock = (name: string, label: string): string | undefined => {
    const text = form.get(name).trim();
    if (text === '') return undefined;
    if (!CLOCK.test(text)) {
      problems.push({ path: name, message: t(lang, 'error_not_time', { field: label }) });
      return undefined;
    }
    return text;
  };

  const settings: {
    -readonly [K in keyof GuardianSettings]: GuardianSettings[K];
  } = {};
  const daily = minutes('dailyLimitMinutes', field('daily_cap_minutes'));
  if (daily !== undefined) settings.dailyLimitMinutes = daily;
  const rest = minutes('restReminderMinutes', field('rest_reminder_minutes'));
  if (rest !== undefined) settings.restReminderMinutes = rest;

  const schedule: Partial<Record<Weekday, { dailyLimitMinutes?: number; windows?: { start: string; end: string }[] }>> =
    {};
  for (const day of WEEKDAYS) {
    const label = t(lang, `weekday_${day}`);
    const limit = minutes(`schedule_${day}_limit`, label);
    const start = clock(`schedule_${day}_start`, label);
    const end = clock(`schedule_${day}_end`, label);
    const entry: { dailyLimitMinutes?: number; windows?: { start: string; end: string }[] } = {};
    if (limit !== undefined) entry.dailyLimitMinutes = limit;
    if (start !== undefined && end !== undefined) entry.windows = [{ start, end }];
    else if (
      (start === undefined) !== (end === undefined) &&
      form.get(`schedule_${day}_start`) + form.get(`schedule_${day}_end`) !== ''
    )
      problems.push({ path: `schedule.${day}`, message: t(lang, 'error_window_half', { day: label }) });
    if (Object.keys(entry).length > 0) schedule[day] = entry;
  }
  if (Object.keys(schedule).length > 0) settings.schedule = schedule;

  const curfewStart = clock('curfewStart', field('curfew_start'));
  const curfewEnd = clock('curfewEnd', field('curfew_end'));
  if (curfewStart !== undefined || curfewEnd !== undefined) {
    settings.curfew = {
      start: curfewStart ?? GUARDIAN_BOUNDS.latestCurfewStart,
      end: curfewEnd ?? GUARDIAN_BOUNDS.earliestCurfewEnd,
    };
  }

  const features: Partial<Record<Feature, FeatureSetting>> = {};
  for (const feature of FEATURES) {
    const value = form.get(`feature_${feature}`);
    if (value === '') continue;
    if (!(FEATURE_SETTINGS as readonly string[]).includes(value)) {
      problems.push({
        path: `features.${feature}`,
        message: t(lang, 'error_choice', { field: t(lang, `feature_${feature}`) }),
      });
      continue;
    }
    features[feature] = value as FeatureSetting;
  }
  if (Object.keys(features).length > 0) settings.features = features;

  const band = form.get('contentBand');
  if (band !== '') {
    if ((BAND_ORDER as readonly string[]).includes(band)) settings.contentBand = band as AgeBand;
    else problems.push({ path: 'contentBand', message: t(lang, 'error_choice', { field: field('content_band') }) });
  }

  const perPayment = yuan('topupPerPayment', field('per_payment'));
  if (perPayment !== undefined) settings.topupPerPaymentFen = perPayment;
  const perMonth = yuan('topupPerMonth', field('per_month'));
  if (perMonth !== undefined) settings.topupPerMonthFen = perMonth;
  const approval = yuan('purchaseApprovalOver', field('purchase_approval_over'));
  if (approval !== undefined) settings.purchaseApprovalOverFen = approval;

  const apps = form
    .get('exemptApps')
    .split(/[\s,，]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const app of apps) {
    if (!APP_ID.test(app)) problems.push({ path: 'exemptApps', message: t(lang, 'error_app_id', { app }) });
  }
  if (apps.length > 0) settings.exemptApps = [...new Set(apps)];

  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings };
}

/** The values the form shows: what was submitted (after an error) or the guardian's saved settings. */
export function settingsFormValues(settings: GuardianSettings): Readonly<Record<string, string>> {
  const values: Record<string, string> = {};
  const put = (name: string, value: number | string | undefined | null) => {
    if (value !== undefined && value !== null) values[name] = String(value);
  };
  put('dailyLimitMinutes', settings.dailyLimitMinutes);
  put('restReminderMinutes', settings.restReminderMinutes);
  for (const day of WEEKDAYS) {
    const entry = settings.schedule?.[day];
    put(`schedule_${day}_limit`, entry?.dailyLimitMinutes);
    put(`schedule_${day}_start`, entry?.windows?.[0]?.start);
    put(`schedule_${day}_end`, entry?.windows?.[0]?.end);
  }
  put('curfewStart', settings.curfew?.start);
  put('curfewEnd', settings.curfew?.end);
  for (const feature of FEATURES) put(`feature_${feature}`, settings.features?.[feature]);
  put('contentBand', settings.contentBand);
  const yuan = (fen: number | null | undefined) =>
    fen === undefined || fen === null ? undefined : (fen / FEN_PER_YUAN).toString();
  put('topupPerPayment', yuan(settings.topupPerPaymentFen));
  put('topupPerMonth', yuan(settings.topupPerMonthFen));
  put('purchaseApprovalOver', yuan(settings.purchaseApprovalOverFen));
  if (settings.exemptApps !== undefined) values['exemptApps'] = settings.exemptApps.join('\n');
  return values;
}

/** What the product (law, guides, tenant) would apply for each field when the guardian leaves it empty, shown as a hint. */
export interface SettingsDefaults {
  readonly dailyLimitMinutes: number;
  readonly restReminderMinutes: number;
  readonly curfew: { readonly start: string; readonly end: string };
  readonly features: Readonly<Record<Feature, FeatureSetting>>;
  /** The settings the guardian may choose for each feature, strictest last; one means nothing to choose. */
  readonly featureChoices: Readonly<Record<Feature, readonly FeatureSetting[]>>;
  readonly contentBand: AgeBand;
  readonly topupPerPaymentFen: number | null;
  readonly topupPerMonthFen: number | null;
}

/** The settings form's fields. */
export function SettingsFields(props: {
  readonly lang: Lang;
  readonly values: Readonly<Record<string, string>>;
  readonly defaults: SettingsDefaults;
  readonly minorBand: AgeBand;
}) {
  const { lang, values, defaults } = props;
  const v = (name: string): string => values[name] ?? '';
  const hint = (text: string) => <span class="hint">{text}</span>;
  const dflt = (value: string) => hint(t(lang, 'default_is', { value }));
  const number = (
    name: string,
    label: string,
    extra: Child,
    attrs: { min?: number; max?: number; step?: string } = {},
  ) => (
    <>
      <label for={name}>
        {label} {extra}
      </label>
      <input
        id={name}
        name={name}
        type="number"
        inputmode="decimal"
        value={v(name)}
        min={attrs.min}
        max={attrs.max}
        step={attrs.step ?? '1'}
      />
    </>
  );
  const time = (name: string, label: string) => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} type="time" value={v(name)} />
    </>
  );
  const yuan = (fen: number | null) =>
    fen === null ? t(lang, 'none_allowed') : t(lang, 'yuan_value', { n: fen / FEN_PER_YUAN });
  const bands = BAND_ORDER.slice(0, BAND_ORDER.indexOf(props.minorBand) + 1);
  return (
    <>
      <fieldset>
        <legend>{t(lang, 'section_time')}</legend>
        {number(
          'dailyLimitMinutes',
          t(lang, 'daily_cap_minutes'),
          dflt(t(lang, 'minutes_value', { n: defaults.dailyLimitMinutes })),
          { min: 0, max: GUARDIAN_BOUNDS.maxDailyMinutes },
        )}
        {number(
          'restReminderMinutes',
          t(lang, 'rest_reminder_minutes'),
          dflt(t(lang, 'minutes_value', { n: defaults.restReminderMinutes })),
          { min: GUARDIAN_BOUNDS.minRestReminderMinutes },
        )}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'schedule')}</legend>
        <p class="hint">{t(lang, 'schedule_hint')}</p>
        {WEEKDAYS.map((day) => {
          // One folded section a day keeps the form short on a phone; a day with values (or an error) opens by itself.
          const set = [`schedule_${day}_limit`, `schedule_${day}_start`, `schedule_${day}_end`].some(
            (n) => v(n) !== '',
          );
          return (
            <details class="day" open={set}>
              <summary>{t(lang, `weekday_${day}`)}</summary>
              <div class="row">
                {number(`schedule_${day}_limit`, t(lang, 'daily_cap_minutes'), null, { min: 0 })}
                <div>{time(`schedule_${day}_start`, t(lang, 'from_time'))}</div>
                <div>{time(`schedule_${day}_end`, t(lang, 'to_time'))}</div>
              </div>
            </details>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'curfew')}</legend>
        <p class="hint">{t(lang, 'curfew_hint', { start: defaults.curfew.start, end: defaults.curfew.end })}</p>
        <div class="row">
          <div>{time('curfewStart', t(lang, 'curfew_start'))}</div>
          <div>{time('curfewEnd', t(lang, 'curfew_end'))}</div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'allowed_features')}</legend>
        {FEATURES.map((feature) => {
          const choices = defaults.featureChoices[feature];
          // A setting the law fixes for this age is stated, not offered as a choice.
          if (choices.length <= 1) {
            return (
              <p class="fixed" id={`feature_${feature}`}>
                <strong>{t(lang, `feature_${feature}`)}</strong>：
                {t(lang, `setting_${choices[0] ?? defaults.features[feature]}`)}{' '}
                <span class="hint">{t(lang, 'fixed_by_law')}</span>
              </p>
            );
          }
          return (
            <>
              <label for={`feature_${feature}`}>
                {t(lang, `feature_${feature}`)} {dflt(t(lang, `setting_${defaults.features[feature]}`))}
              </label>
              <select id={`feature_${feature}`} name={`feature_${feature}`}>
                <option value="">{t(lang, 'use_default')}</option>
                {choices.map((s) => (
                  <option value={s} selected={v(`feature_${feature}`) === s}>
                    {t(lang, `setting_${s}`)}
                  </option>
                ))}
              </select>
            </>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'content_band')}</legend>
        <p class="hint">{t(lang, 'content_band_hint')}</p>
        <select id="contentBand" name="contentBand" aria-label={t(lang, 'content_band')}>
          <option value="">
            {t(lang, 'use_default')} ({t(lang, `band_${defaults.contentBand}`)})
          </option>
          {bands.map((b) => (
            <option value={b} selected={v('contentBand') === b}>
              {t(lang, `band_${b}`)}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'spending_caps')}</legend>
        {number('topupPerPayment', t(lang, 'per_payment'), dflt(yuan(defaults.topupPerPaymentFen)), {
          min: 0,
          step: '0.01',
        })}
        {number('topupPerMonth', t(lang, 'per_month'), dflt(yuan(defaults.topupPerMonthFen)), { min: 0, step: '0.01' })}
        {number('purchaseApprovalOver', t(lang, 'purchase_approval_over'), hint(t(lang, 'purchase_approval_hint')), {
          min: 0,
          step: '0.01',
        })}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'exemptions')}</legend>
        <p class="hint">{t(lang, 'exemptions_hint')}</p>
        <textarea id="exemptApps" name="exemptApps" aria-label={t(lang, 'exemptions')} rows={3}>
          {`\n${v('exemptApps')}`}
        </textarea>
      </fieldset>
    </>
  );
}
