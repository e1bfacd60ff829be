import type { Hono, MiddlewareHandler } from 'hono';
import { listSweeps, listTenants, type Sweep } from '../../store/index.js';
import { DataTable, WithCode, formatPercent, formatTime, t, type Lang } from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { BASE, sendPage } from './respond.js';

const SHOWN = 100;

/** Items a second over a sweep's life so far (to its end, once done). */
function rateOf(sweep: Sweep, now: number): number {
  const seconds = ((sweep.finishedAt ?? now) - sweep.createdAt) / 1000;
  return seconds > 0 ? Math.round(sweep.done / seconds) : 0;
}

/** The sweeps of every tenant (or one), newest first, with their progress. */
export function registerSweepRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  app.get('/sweeps', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const asked = c.req.query('tenant') ?? '';
    const tenantId = tenants.some((tn) => tn.id === asked) ? asked : undefined;
    const sweeps = await listSweeps(deps.store.db, { tenantId, limit: SHOWN });
    const body = (
      <>
        <h1>{t(lang, 'sweeps_title')}</h1>
        <p class="intro">
          <WithCode
            lang={lang}
            message="sweeps_intro"
            codes={{ command: 'qinglang sweep FILE.jsonl', api: 'POST /v1/sweeps', worker: 'qinglang worker' }}
          />
        </p>
        <p>
          <a href={`${BASE}/sweeps${tenantId === undefined ? '' : `?tenant=${encodeURIComponent(tenantId)}`}`}>
            {t(lang, 'sweeps_refresh')}
          </a>
        </p>
        {sweeps.length === 0 ? (
          <p class="muted">{t(lang, 'sweeps_none')}</p>
        ) : (
          <SweepTable lang={lang} sweeps={sweeps} now={deps.clock()} />
        )}
      </>
    );
    return sendPage(c, t(lang, 'sweeps_title'), body, { page: 'sweeps' });
  });
}

function SweepTable(props: { readonly lang: Lang; readonly sweeps: readonly Sweep[]; readonly now: number }) {
  const { lang } = props;
  return (
    <DataTable
      id="sweeps"
      headers={[
        t(lang, 'sweep_id'),
        t(lang, 'tenant'),
        t(lang, 'sweep_source'),
        t(lang, 'sweep_status'),
        t(lang, 'sweep_progress'),
        t(lang, 'sweep_counts'),
        t(lang, 'sweep_flagged'),
        t(lang, 'sweep_invalid'),
        t(lang, 'sweep_started'),
        t(lang, 'sweep_finished'),
      ]}
    >
      {props.sweeps.map((sweep) => {
        const share = sweep.total === 0 ? (sweep.status === 'done' ? 1 : 0) : sweep.done / sweep.total;
        return (
          <tr data-sweep={sweep.id} data-status={sweep.status}>
            <td>
              <code>{sweep.id}</code>
            </td>
            <td>{sweep.tenantId}</td>
            <td>{sweep.source}</td>
            <td>
              <span class={`tag ${sweep.status === 'done' ? 'allow' : 'review'}`}>
                {t(lang, `sweep_status_${sweep.status}`)}
              </span>
            </td>
            <td>
              <meter class="score" min="0" max="1" value={share} aria-label={t(lang, 'sweep_progress')}>
                {formatPercent(share)}
              </meter>
              <div class="muted">
                {formatPercent(share)} · {t(lang, 'sweep_rate', { rate: rateOf(sweep, props.now) })}
              </div>
            </td>
            <td>
              {sweep.done} / {sweep.total}
            </td>
            <td>{sweep.flagged}</td>
            <td>{sweep.invalid}</td>
            <td>{formatTime(sweep.createdAt)}</td>
            <td>{sweep.finishedAt === null ? '—' : formatTime(sweep.finishedAt)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
