import type { Hono, MiddlewareHandler } from 'hono';
import {
  POOL_KINDS,
  POOL_RATINGS,
  POOL_THEMES,
  THIN_POOL_BELOW,
  isPoolTheme,
  poolCoverage,
  type BandCoverage,
  type PoolCoverage,
  type PoolKind,
  type PoolRating,
  type RejectionCount,
} from '../../policy/index.js';
import { listActivePoolItems, listPoolEvents, listTenants, type PoolEvent, type Tenant } from '../../store/index.js';
import { ensurePoolRated } from '../pool/rater.js';
import { DataTable, WithCode, ageBandLabel, categoryLabel, formatTime, t, type Lang } from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { TenantPicker, pickTenant } from './pages/tenant-picker.js';
import { ratingTag, themeLabel } from './pool-review.js';
import { BASE, sendPage } from './respond.js';

const RATING_COLOUR: Record<PoolRating, string> = {
  suitable: '#2e7d32',
  needs_review: '#c77700',
  unsuitable: '#b42318',
};
const countOf = (b: BandCoverage, r: PoolRating): number =>
  r === 'suitable' ? b.suitable : r === 'needs_review' ? b.needsReview : b.unsuitable;
const isKind = (s: string): s is PoolKind => (POOL_KINDS as readonly string[]).includes(s);

/** One stacked bar per band: suitable, needing review and unsuitable items. */
function RatingsChart(props: { readonly coverage: PoolCoverage; readonly lang: Lang }) {
  const { coverage, lang } = props;
  const labelWidth = 120;
  const barWidth = 520;
  const row = 34;
  const height = coverage.bands.length * row + 36;
  const total = Math.max(1, coverage.items);
  return (
    <svg
      id="chart-ratings"
      role="img"
      aria-label={t(lang, 'pool_chart_ratings')}
      viewBox={`0 0 ${labelWidth + barWidth + 20} ${height}`}
      width={labelWidth + barWidth + 20}
      font-size="13"
    >
      {coverage.bands.map((b, i) => {
        const y = i * row + 4;
        let x = labelWidth;
        return (
          <g data-band={b.band}>
            <text x="0" y={y + 18} fill="#1f2328">
              {ageBandLabel(b.band, lang)}
            </text>
            {POOL_RATINGS.map((r) => {
              const n = countOf(b, r);
              const w = (n / total) * barWidth;
              const at = x;
              x += w;
              return (
                <>
                  <rect
                    x={at.toFixed(1)}
                    y={y}
                    width={w.toFixed(1)}
                    height="24"
                    fill={RATING_COLOUR[r]}
                    data-rating={r}
                    data-count={n}
                  >
                    <title>
                      {ageBandLabel(b.band, lang)} · {t(lang, `pool_rating_${r}`)}: {n}
                    </title>
                  </rect>
                  {w >= 24 ? (
                    <text x={(at + 4).toFixed(1)} y={y + 17} fill="#fff">
                      {n}
                    </text>
                  ) : null}
                </>
              );
            })}
          </g>
        );
      })}
      {POOL_RATINGS.map((r, i) => (
        <g transform={`translate(${labelWidth + i * 150}, ${height - 14})`}>
          <rect width="12" height="12" fill={RATING_COLOUR[r]} />
          <text x="16" y="11" fill="#1f2328">
            {t(lang, `pool_rating_${r}`)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Band × theme: the suitable count in each cell, the guide's themes framed, gaps in red (missing) and orange (thin). */
function GridChart(props: { readonly coverage: PoolCoverage; readonly lang: Lang }) {
  const { coverage, lang } = props;
  const labelWidth = 120;
  const cell = 64;
  const top = 90;
  const width = labelWidth + POOL_THEMES.length * cell + 90;
  const height = top + coverage.bands.length * 36 + 10;
  return (
    <svg
      id="chart-grid"
      role="img"
      aria-label={t(lang, 'pool_chart_grid')}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      font-size="12"
    >
      {POOL_THEMES.map((th, j) => (
        <text transform={`translate(${labelWidth + j * cell + cell / 2}, ${top - 8}) rotate(-35)`} fill="#1f2328">
          {themeLabel(th, lang)}
        </text>
      ))}
      {coverage.bands.map((b, i) => {
        const y = top + i * 36;
        return (
          <g data-band={b.band}>
            <text x="0" y={y + 21} fill="#1f2328">
              {ageBandLabel(b.band, lang)}
            </text>
            {b.themes.map((tc, j) => {
              const x = labelWidth + j * cell;
              const state = !tc.inBand
                ? 'out'
                : tc.guide && tc.count === 0
                  ? 'missing'
                  : tc.guide && tc.count < THIN_POOL_BELOW
                    ? 'thin'
                    : 'ok';
              const fill =
                state === 'out'
                  ? '#eeeeee'
                  : state === 'missing'
                    ? '#f4c7c3'
                    : state === 'thin'
                      ? '#fde3b5'
                      : '#cfe8cf';
              return (
                <g data-theme={tc.theme} data-count={tc.count} data-state={state}>
                  <rect
                    x={x + 2}
                    y={y}
                    width={cell - 4}
                    height="30"
                    fill={fill}
                    stroke={tc.guide ? '#1f2328' : '#bbbbbb'}
                    stroke-width={tc.guide ? 2 : 1}
                  >
                    <title>
                      {ageBandLabel(b.band, lang)} · {themeLabel(tc.theme, lang)}: {tc.count} · {tc.hours} h
                    </title>
                  </rect>
                  <text x={x + cell / 2} y={y + 20} text-anchor="middle" fill="#1f2328">
                    {tc.inBand ? tc.count : '—'}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

function BandTable(props: { readonly coverage: PoolCoverage; readonly lang: Lang }) {
  const { coverage, lang } = props;
  return (
    <DataTable
      id="coverage-table"
      headers={[
        t(lang, 'pool_band'),
        t(lang, 'pool_rating_suitable'),
        t(lang, 'pool_hours'),
        t(lang, 'pool_kinds'),
        t(lang, 'pool_median_age'),
        t(lang, 'pool_last30'),
        t(lang, 'pool_rejected_share'),
        t(lang, 'pool_gaps'),
      ]}
    >
      {coverage.bands.map((b) => (
        <tr data-band={b.band}>
          <td>{ageBandLabel(b.band, lang)}</td>
          <td data-suitable={b.suitable}>{b.suitable}</td>
          <td>{b.hours}</td>
          <td>
            {POOL_KINDS.filter((k) => b.kinds[k] > 0)
              .map((k) => `${t(lang, `pool_kind_${k}`)} ${b.kinds[k]}`)
              .join('、')}
          </td>
          <td>{b.freshness.medianAgeDays ?? '—'}</td>
          <td>{b.freshness.last30Days}</td>
          <td>{Math.round(b.rejectedShare * 100)}%</td>
          <td class="gaps">
            {b.gaps.length === 0 ? (
              <span class="muted">{t(lang, 'pool_no_gaps')}</span>
            ) : (
              b.gaps.map((g) => (
                <>
                  <span class={`tag ${g.level === 'missing' ? 'block' : 'review'}`} data-gap={g.theme}>
                    {themeLabel(g.theme, lang)} {t(lang, `pool_gap_${g.level}`)} ({g.count})
                  </span>{' '}
                </>
              ))
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** What a rejection reason names, in words: a category, a theme or a kind. */
function subjectOf(r: RejectionCount, lang: Lang): string {
  if (r.subject === null) return '';
  if (r.code === 'theme_older_band' && isPoolTheme(r.subject)) return themeLabel(r.subject, lang);
  if (r.code === 'kind_rule' && isKind(r.subject)) return t(lang, `pool_kind_${r.subject}`);
  return categoryLabel(r.subject, lang);
}

function RejectedTable(props: { readonly coverage: PoolCoverage; readonly lang: Lang }) {
  const { coverage, lang } = props;
  return (
    <DataTable id="rejected" headers={[t(lang, 'pool_band'), t(lang, 'pool_rejected_share'), t(lang, 'pool_reasons')]}>
      {coverage.bands.map((b) => (
        <tr>
          <td>{ageBandLabel(b.band, lang)}</td>
          <td>
            {b.unsuitable} ({Math.round(b.rejectedShare * 100)}%)
          </td>
          <td>
            {b.rejectedBy.map((r) => {
              const subject = subjectOf(r, lang);
              return (
                <>
                  <span class="tag">
                    {t(lang, `pool_reason_${r.code}`)}
                    {subject === '' ? '' : ` · ${subject}`} {r.count}
                  </span>{' '}
                </>
              );
            })}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Changes(props: { readonly events: readonly PoolEvent[]; readonly tenantId: string; readonly lang: Lang }) {
  const { events, tenantId, lang } = props;
  return (
    <section class="card" id="changes">
      <h2>{t(lang, 'pool_changes')}</h2>
      {events.length === 0 ? (
        <p class="muted">{t(lang, 'pool_changes_none')}</p>
      ) : (
        <ul>
          {events.map((e) => (
            <li>
              {formatTime(e.createdAt)} · {t(lang, `pool_event_${e.type}`)} ·{' '}
              <a href={`${BASE}/pool/items/${encodeURIComponent(tenantId)}/${encodeURIComponent(e.itemRef)}`}>
                {e.itemRef}
              </a>
              {e.changes.map((ch) => (
                <>
                  {' '}
                  · {ageBandLabel(ch.band, lang)} {ch.from === null ? '' : ratingTag(ch.from, lang)} →{' '}
                  {ratingTag(ch.to, lang)}
                </>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

async function coverageOf(deps: ConsoleDeps, tenant: Tenant): Promise<PoolCoverage> {
  await ensurePoolRated(deps, tenant);
  return poolCoverage(await listActivePoolItems(deps.store.db, tenant.id), deps.clock());
}

/** The coverage page (the thin-pool problem, measured) with its SVG charts, and the same figures as JSON. */
export function registerPoolCoverageRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
): void {
  app.get('/pool-coverage', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, c.req.query('tenant'));
    if (tenant === undefined)
      return sendPage(c, t(lang, 'pool_coverage_title'), <p>{t(lang, 'pool_no_tenant')}</p>, {
        page: 'pool-coverage',
      });
    const coverage = await coverageOf(deps, tenant);
    const changes = await listPoolEvents(deps.store.db, {
      tenantId: tenant.id,
      types: ['rerated', 'reviewed', 'withdrawn'],
      limit: 10,
    });
    const jsonHref = `${BASE}/pool-coverage.json?tenant=${encodeURIComponent(tenant.id)}`;
    const body = (
      <>
        <h1>{t(lang, 'pool_coverage_title')}</h1>
        <p class="intro">{t(lang, 'pool_coverage_intro')}</p>
        <TenantPicker lang={lang} action={`${BASE}/pool-coverage`} tenants={tenants} chosen={tenant} />
        {coverage.items === 0 ? (
          <p class="muted" id="coverage-empty">
            <WithCode
              lang={lang}
              message="pool_coverage_empty"
              codes={{ command: `qinglang pool seed-demo --tenant ${tenant.id}` }}
            />
          </p>
        ) : (
          <>
            <p id="coverage-total">
              {t(lang, 'pool_items_total', { n: coverage.items })} · <a href={jsonHref}>{t(lang, 'pool_json')}</a>
            </p>
            <section class="card">
              <h2>{t(lang, 'pool_chart_ratings')}</h2>
              <div class="table-wrap">
                <RatingsChart coverage={coverage} lang={lang} />
              </div>
            </section>
            <section class="card">
              <h2>{t(lang, 'pool_chart_grid')}</h2>
              <p class="hint">{t(lang, 'pool_grid_hint', { n: THIN_POOL_BELOW })}</p>
              <div class="table-wrap">
                <GridChart coverage={coverage} lang={lang} />
              </div>
            </section>
            <section class="card">
              <h2>
                {t(lang, 'pool_gaps')} · {t(lang, 'pool_hours')} · {t(lang, 'pool_freshness')}
              </h2>
              <BandTable coverage={coverage} lang={lang} />
            </section>
            <section class="card">
              <h2>{t(lang, 'pool_rejected')}</h2>
              <RejectedTable coverage={coverage} lang={lang} />
            </section>
          </>
        )}
        <Changes events={changes} tenantId={tenant.id} lang={lang} />
      </>
    );
    return sendPage(c, t(lang, 'pool_coverage_title'), body, { page: 'pool-coverage' });
  });

  app.get('/pool-coverage.json', guard, async (c) => {
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, c.req.query('tenant'));
    if (tenant === undefined) return c.json({ error: { code: 'not_found', message: 'No tenant.', details: [] } }, 404);
    return c.json({ tenant: tenant.id, ...(await coverageOf(deps, tenant)) });
  });
}
