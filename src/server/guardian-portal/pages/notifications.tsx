import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError, type ErrorDetail } from '../../../lib/index.js';
import {
  ALERT_CATEGORIES,
  URGENT_ALERT_CATEGORIES,
  getGuardian,
  getNotifyChoices,
  listGuardianNotifications,
  retryGuardianNotification,
  setNotifyChoices,
  type ClaimedNotification,
  type NotifyChoices,
} from '../../../store/index.js';
import {
  Notice,
  PostForm,
  categoryLabel,
  flashOf,
  formatTime,
  redirectTo,
  t,
  type Lang,
  type MessageKey,
} from '../../web/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';

/** What the form shows: the stored choices, or what was typed when it was refused. */
interface Values {
  readonly channels: readonly string[];
  readonly email: string;
  readonly kinds: readonly string[];
  readonly quiet: boolean;
  readonly quietFrom: string;
  readonly quietTo: string;
}

const ERRORS: Readonly<Record<string, MessageKey>> = {
  email_required: 'notify_error_email_required',
  email_invalid: 'notify_error_email_invalid',
  email_unavailable: 'notify_error_email_unavailable',
  kinds_empty: 'notify_error_kinds_empty',
  quiet_hours_invalid: 'notify_error_quiet_hours',
};

function valuesOf(choices: NotifyChoices): Values {
  return {
    channels: choices.channels,
    email: choices.email ?? '',
    kinds: choices.kinds,
    quiet: choices.quietHours !== null,
    quietFrom: choices.quietHours?.from ?? '22:00',
    quietTo: choices.quietHours?.to ?? '07:00',
  };
}

/**
 * Notification settings: besides the alerts inbox, how a guardian hears of an alert (a message through the platform's
 * sender, an e-mail), which kinds, and quiet hours; below them the recent notifications and whether each arrived, with a
 * way to send a failed one again.
 */
export function registerNotificationRoutes(
  app: Hono<PortalEnv>,
  deps: PortalDeps,
  guard: MiddlewareHandler<PortalEnv>,
) {
  const db = deps.store.db;
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';
  const emailOffered = deps.config.smtpUrl !== undefined;

  const render = async (c: PortalContext, refused?: { values: Values; details: readonly ErrorDetail[] }) => {
    const lang = c.get('lang');
    const guardianId = me(c);
    const account = await getGuardian(db, guardianId);
    if (account === undefined) {
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    const values = refused?.values ?? valuesOf(await getNotifyChoices(db, guardianId));
    const sent = await listGuardianNotifications(db, { guardianId, limit: 20 });
    const errors = [
      ...new Set((refused?.details ?? []).map((d) => t(lang, ERRORS[d.message] ?? 'error_choice_invalid'))),
    ];
    const flash = flashOf(c, { saved: 'notify_saved', retried: 'notify_retried' });
    const body = (
      <>
        <p>
          <a href={`${PORTAL_BASE}/alerts`}>← {t(lang, 'alerts_title')}</a>
        </p>
        <h1>{t(lang, 'notify_title')}</h1>
        <p class="intro">{t(lang, 'notify_intro')}</p>
        <Notice kind="ok" message={flash} />
        {errors.length > 0 ? (
          <div class="notice error" role="alert" id="notify-errors">
            {t(lang, 'notify_refused')}
            <ul class="errors">
              {errors.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <ChoicesForm
          lang={lang}
          csrf={c.get('csrf')}
          values={values}
          identifier={account.identifier}
          emailOffered={emailOffered}
        />
        <h2>{t(lang, 'notify_sent_title')}</h2>
        <p class="hint">{t(lang, 'times_beijing')}</p>
        {sent.length === 0 ? (
          <p class="card">{t(lang, 'notify_sent_none')}</p>
        ) : (
          <ul class="plain cards" id="notifications">
            {sent.map((n) => (
              <SentItem lang={lang} csrf={c.get('csrf')} n={n} />
            ))}
          </ul>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'notify_title'), body, {
      section: 'alerts',
      ...(refused === undefined ? {} : { code: 'validation_failed' as const }),
    });
  };

  app.get('/notifications', guard, (c) => render(c));

  app.post('/notifications', guard, async (c) => {
    const form = c.get('form');
    const values: Values = {
      channels: form.getAll('channel'),
      email: form.get('email'),
      kinds: form.getAll('kind'),
      quiet: form.get('quiet') === 'on',
      quietFrom: form.get('quietFrom'),
      quietTo: form.get('quietTo'),
    };
    // E-mail is offered only where the platform has a mail server: a choice of it otherwise would silently never arrive.
    if (!emailOffered && values.channels.includes('email')) {
      return render(c, { values, details: [{ path: 'channels', message: 'email_unavailable' }] });
    }
    try {
      await setNotifyChoices(db, me(c), {
        channels: values.channels,
        email: values.email,
        kinds: values.kinds,
        quietHours: values.quiet ? { from: values.quietFrom, to: values.quietTo } : null,
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return render(c, { values, details: error.details });
    }
    return redirectTo(c, `${PORTAL_BASE}/notifications`, { done: 'saved' });
  });

  app.post('/notifications/:notificationId/retry', guard, async (c) => {
    const retried = await retryGuardianNotification(db, me(c), c.req.param('notificationId'), deps.clock());
    if (!retried) {
      const lang = c.get('lang');
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    deps.notifications.wake();
    return redirectTo(c, `${PORTAL_BASE}/notifications`, { done: 'retried' });
  });
}

function ChoicesForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly values: Values;
  readonly identifier: string;
  readonly emailOffered: boolean;
}) {
  const { lang, values } = props;
  const urgent = URGENT_ALERT_CATEGORIES.map((k) => categoryLabel(k, lang)).join(t(lang, 'list_separator'));
  return (
    <PostForm action={`${PORTAL_BASE}/notifications`} csrf={props.csrf} class="card" id="notify-choices">
      <fieldset>
        <legend>{t(lang, 'notify_channels')}</legend>
        <label class="check">
          <input type="checkbox" name="channel" value="message" checked={values.channels.includes('message')} />
          {t(lang, 'notify_channel_message', { to: props.identifier })}
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="channel"
            value="email"
            checked={props.emailOffered && values.channels.includes('email')}
            disabled={!props.emailOffered}
          />
          {t(lang, 'notify_channel_email')}
        </label>
        {props.emailOffered ? (
          <>
            <label for="notify-email">{t(lang, 'notify_email_address')}</label>
            <input
              id="notify-email"
              name="email"
              type="email"
              maxlength={254}
              autocomplete="email"
              value={values.email}
            />
          </>
        ) : (
          <p class="hint">{t(lang, 'notify_email_not_offered')}</p>
        )}
        <p class="hint">{t(lang, 'notify_channels_hint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'notify_kinds')}</legend>
        {ALERT_CATEGORIES.map((k) => (
          <label class="check">
            <input type="checkbox" name="kind" value={k} checked={values.kinds.includes(k)} />
            {categoryLabel(k, lang)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'notify_quiet')}</legend>
        <label class="check">
          <input type="checkbox" name="quiet" checked={values.quiet} />
          {t(lang, 'notify_quiet_on')}
        </label>
        <div class="row">
          <div>
            <label for="quiet-from">{t(lang, 'from_time')}</label>
            <input id="quiet-from" name="quietFrom" type="time" value={values.quietFrom} />
          </div>
          <div>
            <label for="quiet-to">{t(lang, 'to_time')}</label>
            <input id="quiet-to" name="quietTo" type="time" value={values.quietTo} />
          </div>
        </div>
        <p class="hint">{t(lang, 'notify_quiet_hint', { urgent })}</p>
      </fieldset>
      <button type="submit">{t(lang, 'save')}</button>
    </PostForm>
  );
}

function SentItem(props: { readonly lang: Lang; readonly csrf: string; readonly n: ClaimedNotification }) {
  const { lang, n } = props;
  const category = n.categories.map((k) => categoryLabel(k, lang)).join(t(lang, 'list_separator'));
  const channel = t(lang, n.channel === 'email' ? 'notify_channel_email' : 'notify_channel_message_short');
  return (
    <li data-status={n.status}>
      <h3>
        <a href={`${PORTAL_BASE}/alerts/${n.alertId}`}>{t(lang, 'alert_line', { minor: n.minorRef, category })}</a>
      </h3>
      <p class="muted">
        {channel} · {n.address}
      </p>
      <p class={n.status === 'failed' ? 'locked' : undefined}>
        {n.status === 'delivered'
          ? t(lang, 'notify_status_delivered', { time: formatTime(n.deliveredAt ?? n.createdAt) })
          : n.status === 'failed'
            ? t(lang, 'notify_status_failed', { tries: n.attempts })
            : n.attempts === 0
              ? t(lang, 'notify_status_waiting', { time: formatTime(n.nextAttemptAt) })
              : t(lang, 'notify_status_retrying', { tries: n.attempts, time: formatTime(n.nextAttemptAt) })}
      </p>
      {n.status === 'failed' ? (
        <PostForm action={`${PORTAL_BASE}/notifications/${n.id}/retry`} csrf={props.csrf}>
          <button class="secondary" type="submit">
            {t(lang, 'notify_retry')}
          </button>
        </PostForm>
      ) : null}
    </li>
  );
}
