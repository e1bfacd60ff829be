import type { Hono, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import {
  CASE_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  REPORT_CATEGORIES,
  isReportCategory,
  listCaseQueue,
  listConsoleUsers,
  listTenants,
  type CaseQuery,
  type CaseStatus,
  type CaseSummary,
  type Priority,
} from '../../store/index.js';
import { PostForm, categoryLabel, formatTime, t, type Lang } from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { BASE, sendPage } from './respond.js';
import { caseStatusLabel, priorityLabel, subjectLabel } from './review-labels.js';

const PAGE_SIZE = 50;
const HOUR = 3_600_000;
const AGES = { '': undefined, hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR } as const;
type AgeFilter = keyof typeof AGES;
const AGE_LABELS = {
  '': 'queue_age_any',
  hour: 'queue_age_hour',
  day: 'queue_age_day',
  week: 'queue_age_week',
} as const;

/** The actor and assignee id of a console user, as the moderation events store it. */
export function actorOf(username: string): string {
  return `user:${username}`;
}

/** How an actor is shown: a console user by name, an API key as it is. */
export function actorName(actor: string): string {
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
}

/** A case's priority, status, minor and deadline tags. */
export function CaseTags(props: { readonly lang: Lang; readonly summary: CaseSummary }) {
  const { lang, summary: c } = props;
  return (
    <>
      <span class={`tag p-${c.priority}`}>{priorityLabel(c.priority, lang)}</span>{' '}
      <span class="tag">{caseStatusLabel(c.status, lang)}</span>{' '}
      {c.minorInvolved ? <span class="tag minor">{t(lang, 'minor_involved')}</span> : null}{' '}
      {c.slaBreached ? <span class="tag breach">{t(lang, 'sla_breached')}</span> : null}
    </>
  );
}

function Option(props: { readonly value: string; readonly label: string; readonly selected: string }) {
  return (
    <option value={props.value} selected={props.value === props.selected}>
      {props.label}
    </option>
  );
}

/** The review queue: open cases, most urgent first, with filters, claiming and j/k/Enter/c shortcuts. */
export function registerReviewQueueRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
) {
  app.get('/review', guard, async (c) => {
    const lang = c.get('lang');
    const me = actorOf(c.get('session')!.user.username);
    const q = (name: string): string => c.req.query(name) ?? '';
    const tenants = await listTenants(deps.store.db);
    const users = (await listConsoleUsers(deps.store.db)).filter(
      (u) => u.disabledAt === null && (u.role === 'admin' || u.role === 'moderator'),
    );
    const tenantId = tenants.some((tn) => tn.id === q('tenant')) ? q('tenant') : undefined;
    const categoryAsked = q('category');
    const category = isReportCategory(categoryAsked) ? categoryAsked : undefined;
    const priority = (PRIORITIES as readonly string[]).includes(q('priority'))
      ? (q('priority') as Priority)
      : undefined;
    const statusAsked = q('status');
    const status: readonly CaseStatus[] =
      statusAsked === 'all'
        ? CASE_STATUSES
        : (CASE_STATUSES as readonly string[]).includes(statusAsked)
          ? [statusAsked as CaseStatus]
          : OPEN_STATUSES;
    const assigneeAsked = q('assignee');
    const assignee =
      assigneeAsked === 'none'
        ? null
        : assigneeAsked === 'me'
          ? me
          : users.some((u) => actorOf(u.username) === assigneeAsked)
            ? assigneeAsked
            : undefined;
    const age: AgeFilter = Object.hasOwn(AGES, q('age')) ? (q('age') as AgeFilter) : '';
    const breached = q('breached') === '1';
    const offset = /^\d{1,6}$/.test(q('offset')) ? Number(q('offset')) : 0;
    const query: CaseQuery = {
      tenantId,
      now: deps.clock(),
      status,
      category,
      priority,
      assignee,
      minAgeMs: AGES[age],
      ...(breached ? { slaBreached: true } : {}),
      limit: PAGE_SIZE + 1,
      offset,
    };
    const rows = await listCaseQueue(deps.store.db, query);
    const shown = rows.slice(0, PAGE_SIZE);
    let more: Child = null;
    if (rows.length > PAGE_SIZE) {
      const params = new URL(c.req.url).searchParams;
      params.set('offset', String(offset + PAGE_SIZE));
      params.delete('lang');
      more = (
        <p class="pager">
          <a href={`${BASE}/review?${params.toString()}`}>{t(lang, 'queue_older')} →</a>
        </p>
      );
    }
    const body = (
      <>
        <h1>{t(lang, 'queue_title')}</h1>
        <p class="intro">{t(lang, 'queue_intro')}</p>
        <form class="card" method="get" action={`${BASE}/review`} id="queue-filters">
          <div class="filters">
            <div>
              <label for="f-category">{t(lang, 'category')}</label>
              <select id="f-category" name="category">
                <Option value="" label={t(lang, 'any')} selected={category ?? ''} />
                {REPORT_CATEGORIES.map((id) => (
                  <Option
                    value={id}
                    label={id === 'other' ? t(lang, 'report_category_other') : categoryLabel(id, lang)}
                    selected={category ?? ''}
                  />
                ))}
              </select>
            </div>
            <div>
              <label for="f-priority">{t(lang, 'priority')}</label>
              <select id="f-priority" name="priority">
                <Option value="" label={t(lang, 'any')} selected={priority ?? ''} />
                {PRIORITIES.map((p) => (
                  <Option value={p} label={priorityLabel(p, lang)} selected={priority ?? ''} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-status">{t(lang, 'status')}</label>
              <select id="f-status" name="status">
                <Option
                  value=""
                  label={OPEN_STATUSES.map((s) => caseStatusLabel(s, lang)).join(' / ')}
                  selected={statusAsked}
                />
                <Option value="all" label={t(lang, 'any')} selected={statusAsked} />
                {CASE_STATUSES.map((s) => (
                  <Option value={s} label={caseStatusLabel(s, lang)} selected={statusAsked} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-assignee">{t(lang, 'assignee')}</label>
              <select id="f-assignee" name="assignee">
                <Option value="" label={t(lang, 'any')} selected={assigneeAsked} />
                <Option value="me" label={t(lang, 'queue_mine')} selected={assigneeAsked} />
                <Option value="none" label={t(lang, 'queue_unassigned')} selected={assigneeAsked} />
                {users.map((u) => (
                  <Option value={actorOf(u.username)} label={u.username} selected={assigneeAsked} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-age">{t(lang, 'queue_age')}</label>
              <select id="f-age" name="age">
                {(Object.keys(AGES) as AgeFilter[]).map((a) => (
                  <Option value={a} label={t(lang, AGE_LABELS[a])} selected={age} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-tenant">{t(lang, 'tenant')}</label>
              <select id="f-tenant" name="tenant">
                <Option value="" label={t(lang, 'any')} selected={tenantId ?? ''} />
                {tenants.map((tn) => (
                  <Option value={tn.id} label={`${tn.name} (${tn.id})`} selected={tenantId ?? ''} />
                ))}
              </select>
            </div>
          </div>
          <label class="check">
            <input type="checkbox" name="breached" value="1" checked={breached} /> {t(lang, 'queue_breached_only')}
          </label>
          <button type="submit">{t(lang, 'filter')}</button>
          <p class="hint">
            {t(lang, 'queue_shortcuts')} {t(lang, 'logs_time_zone')}
          </p>
        </form>
        {shown.length === 0 ? (
          <p class="muted" id="queue-empty">
            {t(lang, 'queue_none')}
          </p>
        ) : (
          <QueueTable lang={lang} rows={shown} csrf={c.get('csrf')} me={me} />
        )}
        {more}
      </>
    );
    return sendPage(c, t(lang, 'queue_title'), body, { page: 'review' });
  });
}

function QueueTable(props: {
  readonly lang: Lang;
  readonly rows: readonly CaseSummary[];
  readonly csrf: string;
  readonly me: string;
}) {
  const { lang, me } = props;
  return (
    <div class="table-wrap">
      <table class="queue" id="queue">
        <thead>
          <tr>
            <th>{t(lang, 'priority')}</th>
            <th>{t(lang, 'case_col')}</th>
            <th>{t(lang, 'category')}</th>
            <th>{t(lang, 'reports_count')}</th>
            <th>{t(lang, 'opened')}</th>
            <th>{t(lang, 'due')}</th>
            <th>{t(lang, 'assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-row="" data-case={row.id}>
              <td>
                <CaseTags lang={lang} summary={row} />
              </td>
              <td>
                <a href={`${BASE}/review/cases/${row.id}`}>
                  <code>{row.id}</code>
                </a>
                <div class="muted">
                  {subjectLabel(row.subjectKind, lang)} · {row.tenantId}
                </div>
              </td>
              <td>{row.category === 'other' ? t(lang, 'report_category_other') : categoryLabel(row.category, lang)}</td>
              <td>{row.reportCount}</td>
              <td>{formatTime(row.openedAt)}</td>
              <td>{row.dueAt === null ? '—' : formatTime(row.dueAt)}</td>
              <td>
                {row.assignee === null ? (
                  <PostForm action={`${BASE}/review/cases/${row.id}/claim`} csrf={props.csrf} class="inline">
                    <button class="secondary small" type="submit" data-key="c">
                      {t(lang, 'claim')}
                    </button>
                  </PostForm>
                ) : row.assignee === me ? (
                  <strong>{actorName(row.assignee)}</strong>
                ) : (
                  actorName(row.assignee)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
