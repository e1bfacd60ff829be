import type { Hono, MiddlewareHandler } from 'hono';
import {
  OUTBOX_RETRY,
  listNotificationFailures,
  retryFailedNotification,
  type ClaimedNotification,
} from '../../../store/index.js';
import {
  ConfirmForm,
  DataTable,
  Notice,
  categoryLabel,
  flashOf,
  formatTime,
  redirectTo,
  t,
  type Lang,
} from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendErrorPage, sendPage } from '../respond.js';

const PATH = `${BASE}/notifications`;

/**
 * Where a notification was going, with most of it hidden: enough for an operator to tell a mistyped domain or a wrong
 * number from a mail server that is down, without the console listing guardians' contacts.
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length <= 4) return '***';
  return `${address.slice(0, 3)}****${address.slice(-4)}`;
}

function FailureRow(props: { readonly c: ConsoleContext; readonly row: ClaimedNotification }) {
  const { c, row } = props;
  const lang = c.get('lang');
  const address = maskAddress(row.address);
  const failed = row.status === 'failed';
  return (
    <tr class={failed ? 'failed' : 'retrying'}>
      <td>{formatTime(row.createdAt)}</td>
      <td>{row.tenantId}</td>
      <td>{row.minorRef}</td>
      <td>{row.categories.map((category) => categoryLabel(category, lang)).join('、')}</td>
      <td>
        {t(lang, row.channel === 'email' ? 'notify_channel_email' : 'notify_channel_message_short')}{' '}
        <code>{address}</code>
      </td>
      <td>
        {failed
          ? t(lang, 'outbox_status_failed')
          : t(lang, 'outbox_status_retrying', { time: formatTime(row.nextAttemptAt) })}
      </td>
      <td>{row.attempts}</td>
      <td>
        <code class="error">{row.lastError ?? ''}</code>
      </td>
      <td>
        {failed ? (
          <ConfirmForm
            lang={lang}
            action={`${PATH}/${encodeURIComponent(row.id)}/retry`}
            csrf={c.get('csrf')}
            label={t(lang, 'outbox_retry')}
            question={t(lang, 'outbox_retry_question', { address, max: OUTBOX_RETRY.maxAttempts })}
            confirm={t(lang, 'outbox_retry')}
            back={PATH}
          />
        ) : null}
      </td>
    </tr>
  );
}

function FailureTable(props: { readonly c: ConsoleContext; readonly rows: readonly ClaimedNotification[] }) {
  const lang: Lang = props.c.get('lang');
  if (props.rows.length === 0) return <p class="empty">{t(lang, 'outbox_none')}</p>;
  return (
    <DataTable
      id="failures"
      headers={[
        t(lang, 'created_at'),
        t(lang, 'tenant'),
        t(lang, 'outbox_minor'),
        t(lang, 'outbox_alert'),
        t(lang, 'outbox_address'),
        t(lang, 'status'),
        t(lang, 'outbox_attempts'),
        t(lang, 'outbox_error'),
        '',
      ]}
    >
      {props.rows.map((row) => (
        <FailureRow c={props.c} row={row} />
      ))}
    </DataTable>
  );
}

/**
 * Guardians' alert notifications that did not arrive (given up, or still being retried after a failure), with the last
 * error and the attempts, and a confirmed "send again" for those given up: an operator fixes the cause (the mail server,
 * the sender) and sends them again from here instead of waiting for each guardian to notice.
 */
export function registerNotificationFailureRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
) {
  app.get('/notifications', guard, async (c) => {
    const lang = c.get('lang');
    const rows = await listNotificationFailures(deps.store.db);
    const body = (
      <>
        <h1>{t(lang, 'outbox_title')}</h1>
        <p class="intro">{t(lang, 'outbox_intro', { max: OUTBOX_RETRY.maxAttempts })}</p>
        <Notice kind="ok" message={flashOf(c, { retried: 'outbox_retried' })} />
        <FailureTable c={c} rows={rows} />
      </>
    );
    return sendPage(c, t(lang, 'outbox_title'), body, { page: 'notifications' });
  });

  app.post('/notifications/:id/retry', guard, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    if (!(await retryFailedNotification(deps.store.db, id, deps.clock()))) {
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'outbox_retry_gone'));
    }
    deps.notifications.wake();
    deps.log.info(
      { notification: id, by: c.get('session')?.user.username },
      'notification sent again from the console',
    );
    return redirectTo(c, PATH, { done: 'retried' });
  });
}
