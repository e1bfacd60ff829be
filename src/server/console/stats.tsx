import type { Hono, MiddlewareHandler } from 'hono';
import { CASE_STATUSES, MODERATION_ACTIONS, PRIORITIES, listTenants, reportStats } from '../../store/index.js';
import { categoryLabel, type Lang, parseLocalTime, t, toLocalTimeValue } from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { BASE, sendPage } from './respond.js';
import { caseStatusLabel, channelLabel, moderationActionLabel, priorityLabel, reporterLabel } from './review-labels.js';

const DAY = 86_400_000;

/** A duration as a person reads it: minutes, hours or days. */
function formatDuration(lang: Lang, ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 60) return lang === 'zh' ? `${Math.round(minutes)} 分钟` : `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return lang === 'zh' ? `${hours.toFixed(1)} 小时` : `${hours.toFixed(1)} h`;
  return lang === 'zh' ? `${(hours / 24).toFixed(1)} 天` : `${(hours / 24).toFixed(1)} days`;
}

function CountTable(props: {
  readonly id: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly label: (key: string) => string;
}) {
  const rows = Object.entries(props.counts).filter(([key]) => key !== 'reversed' || props.id === 'stats-actions');
  return (
    <table id={props.id}>
      <tbody>
        {rows.map(([key, n]) => (
          <tr data-key-name={key}>
            <th>{props.label(key)}</th>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Report statistics for a period: reports by category, channel and reporter, outcomes, actions, time to first action (p50 and
 * p90) and SLA breaches. `?format=json` answers with the same figures as JSON.
 */
export function registerStatsRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  app.get('/stats', guard, async (c) => {
    const lang = c.get('lang');
    const q = (name: string): string => c.req.query(name) ?? '';
    const tenants = await listTenants(deps.store.db);
    const tenantId = tenants.some((tn) => tn.id === q('tenant')) ? q('tenant') : undefined;
    const now = deps.clock();
    const toAsked = parseLocalTime(q('to'));
    const fromAsked = parseLocalTime(q('from'));
    const to = toAsked === undefined ? now : toAsked + 60_000;
    const from = fromAsked !== undefined && fromAsked < to ? fromAsked : to - 30 * DAY;
    const stats = await reportStats(deps.store.db, { tenantId, from, to, now });
    if (q('format') === 'json') {
      return c.json({ ...stats, from: new Date(stats.from).toISOString(), to: new Date(stats.to).toISOString() });
    }
    const json = new URL(c.req.url).searchParams;
    json.set('format', 'json');
    json.delete('lang');
    const category = (id: string) => (id === 'other' ? t(lang, 'report_category_other') : categoryLabel(id, lang));
    const body = (
      <>
        <h1>{t(lang, 'stats_title')}</h1>
        <p class="intro">{t(lang, 'stats_intro')}</p>
        <form class="card" method="get" action={`${BASE}/stats`}>
          <div class="filters">
            <div>
              <label for="s-from">{t(lang, 'from')}</label>
              <input id="s-from" name="from" type="datetime-local" value={toLocalTimeValue(from)} />
            </div>
            <div>
              <label for="s-to">{t(lang, 'to')}</label>
              <input id="s-to" name="to" type="datetime-local" value={toLocalTimeValue(to - 60_000)} />
            </div>
            <div>
              <label for="s-tenant">{t(lang, 'tenant')}</label>
              <select id="s-tenant" name="tenant">
                <option value="">{t(lang, 'any')}</option>
                {tenants.map((tn) => (
                  <option value={tn.id} selected={tn.id === tenantId}>
                    {tn.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">{t(lang, 'filter')}</button>
          <a href={`${BASE}/stats?${json.toString()}`} id="stats-json">
            {t(lang, 'stats_json')}
          </a>
          <p class="hint">{t(lang, 'logs_time_zone')}</p>
        </form>
        <div class="stats-grid">
          <section class="card">
            <h2>{t(lang, 'stats_total')}</h2>
            <p class="big-number" id="stats-total">
              {stats.reports.total}
            </p>
            <p class="muted">
              {t(lang, 'minor_involved')}: {stats.reports.minorInvolved}
            </p>
          </section>
          <section class="card">
            <h2>{t(lang, 'stats_first_action')}</h2>
            <p>
              {t(lang, 'stats_p50')}:{' '}
              <strong id="stats-p50">{formatDuration(lang, stats.timeToFirstAction.p50Ms)}</strong>
            </p>
            <p>
              {t(lang, 'stats_p90')}:{' '}
              <strong id="stats-p90">{formatDuration(lang, stats.timeToFirstAction.p90Ms)}</strong>
            </p>
            <p class="muted">n = {stats.timeToFirstAction.count}</p>
          </section>
          <section class="card">
            <h2>{t(lang, 'stats_breaches')}</h2>
            <p class="big-number" id="stats-breaches">
              {stats.slaBreaches.total}
            </p>
            <CountTable
              id="stats-breach-priority"
              counts={stats.slaBreaches.byPriority}
              label={(p) => (PRIORITIES.includes(p as never) ? priorityLabel(p, lang) : p)}
            />
          </section>
          <section class="card">
            <h2>{t(lang, 'stats_by_category')}</h2>
            {Object.keys(stats.reports.byCategory).length === 0 ? (
              <p class="muted">{t(lang, 'stats_none')}</p>
            ) : (
              <CountTable id="stats-category" counts={stats.reports.byCategory} label={category} />
            )}
          </section>
          <section class="card">
            <h2>{t(lang, 'stats_by_channel')}</h2>
            <CountTable id="stats-channel" counts={stats.reports.byChannel} label={(ch) => channelLabel(ch, lang)} />
            <h3>{t(lang, 'reporter')}</h3>
            <CountTable
              id="stats-reporter"
              counts={stats.reports.byReporterRole}
              label={(r) => reporterLabel(r, lang)}
            />
          </section>
          <section class="card">
            <h2>{t(lang, 'stats_outcomes')}</h2>
            <CountTable
              id="stats-outcomes"
              counts={stats.cases.byStatus}
              label={(st) => (CASE_STATUSES.includes(st as never) ? caseStatusLabel(st, lang) : st)}
            />
            <h3>{t(lang, 'case_actions')}</h3>
            <CountTable
              id="stats-actions"
              counts={stats.actions}
              label={(a) =>
                a === 'reversed'
                  ? t(lang, 'case_reversal')
                  : MODERATION_ACTIONS.includes(a as never)
                    ? moderationActionLabel(a, lang)
                    : a
              }
            />
            <p class="muted">
              {t(lang, 'case_appeal')}: {stats.appeals}
            </p>
          </section>
        </div>
      </>
    );
    return sendPage(c, t(lang, 'stats_title'), body, { page: 'stats' });
  });
}
