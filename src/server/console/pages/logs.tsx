import type { Hono, MiddlewareHandler } from 'hono';
import { ACTIONS, CATEGORIES, isCategory } from '../../../engine/index.js';
import { LOGGED_SCORE_FLOOR, listDecisions, listTenants, type Decision } from '../../../store/index.js';
import {
  actionLabel,
  ageBandLabel,
  categoryLabel,
  describeVariant,
  formatPercent,
  formatTime,
  type Lang,
  parseLocalTime,
  surfaceLabel,
  t,
  toLocalTimeValue,
  termLabel,
} from '../../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';

const PAGE_SIZE = 50;
const TEXT_SHOWN = 200;
/** The highest model scores a row shows; the log keeps those of at least LOGGED_SCORE_FLOOR. */
const TOP_SCORES = 3;

// A decision may hold 20,000 characters; the table shows the start, cut between whole characters.
function clip(text: string): string {
  const chars = [...text];
  return chars.length <= TEXT_SHOWN ? text : `${chars.slice(0, TEXT_SHOWN).join('')}…`;
}

/** The decision log, newest first, filtered by tenant, category, action and time range. */
export function registerLogRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  app.get('/logs', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const q = (name: string): string => c.req.query(name) ?? '';
    const tenantId = tenants.some((tn) => tn.id === q('tenant')) ? q('tenant') : undefined;
    const category = isCategory(q('category')) ? q('category') : undefined;
    const action = (ACTIONS as readonly string[]).includes(q('action')) ? q('action') : undefined;
    const from = parseLocalTime(q('from'));
    const to = parseLocalTime(q('to'));
    const before = /^\d{1,15}$/.test(q('before')) ? Number(q('before')) : undefined;
    const rows = await listDecisions(deps.store.db, {
      tenantId,
      category,
      action,
      from,
      // The form's "to" minute is inclusive: everything up to the end of that minute.
      to: to === undefined ? undefined : to + 60_000,
      beforeId: before,
      limit: PAGE_SIZE + 1,
    });
    const shown = rows.slice(0, PAGE_SIZE);
    const last = shown.at(-1);
    let older: string | null = null;
    if (rows.length > PAGE_SIZE && last !== undefined) {
      const params = new URL(c.req.url).searchParams;
      params.set('before', String(last.id));
      params.delete('lang');
      older = `${BASE}/logs?${params.toString()}`;
    }
    const body = (
      <>
        <h1>{t(lang, 'logs_title')}</h1>
        <p class="intro">{t(lang, 'logs_intro')}</p>
        <form class="card" method="get" action={`${BASE}/logs`}>
          <div class="row">
            <div>
              <label for="f-tenant">{t(lang, 'tenant')}</label>
              <select id="f-tenant" name="tenant">
                <Option value="" label={t(lang, 'any')} selected={tenantId} />
                {tenants.map((tn) => (
                  <Option value={tn.id} label={`${tn.name} (${tn.id})`} selected={tenantId} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-category">{t(lang, 'category')}</label>
              <select id="f-category" name="category">
                <Option value="" label={t(lang, 'any')} selected={category} />
                {CATEGORIES.map((id) => (
                  <Option value={id} label={categoryLabel(id, lang)} selected={category} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-action">{t(lang, 'action')}</label>
              <select id="f-action" name="action">
                <Option value="" label={t(lang, 'any')} selected={action} />
                {ACTIONS.map((id) => (
                  <Option value={id} label={actionLabel(id, lang)} selected={action} />
                ))}
              </select>
            </div>
            <div>
              <label for="f-from">{t(lang, 'from')}</label>
              <input
                id="f-from"
                name="from"
                type="datetime-local"
                value={from === undefined ? '' : toLocalTimeValue(from)}
              />
            </div>
            <div>
              <label for="f-to">{t(lang, 'to')}</label>
              <input id="f-to" name="to" type="datetime-local" value={to === undefined ? '' : toLocalTimeValue(to)} />
            </div>
          </div>
          <button type="submit">{t(lang, 'filter')}</button>
          <p class="hint">{t(lang, 'logs_time_zone')}</p>
        </form>
        {shown.length === 0 ? <p class="muted">{t(lang, 'logs_none')}</p> : <LogTable lang={lang} rows={shown} />}
        {older === null ? null : (
          <p class="pager">
            <a href={older}>{t(lang, 'logs_older')} →</a>
          </p>
        )}
      </>
    );
    return sendPage(c, t(lang, 'logs_title'), body, { page: 'logs' });
  });
}

function Option(props: { readonly value: string; readonly label: string; readonly selected: string | undefined }) {
  return (
    <option value={props.value} selected={props.value === (props.selected ?? '')}>
      {props.label}
    </option>
  );
}

function LogTable(props: { readonly lang: Lang; readonly rows: readonly Decision[] }) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table id="decisions">
        <thead>
          <tr>
            <th>{t(lang, 'time')}</th>
            <th>{t(lang, 'tenant')}</th>
            <th>{t(lang, 'action')}</th>
            <th>{t(lang, 'categories')}</th>
            <th>{t(lang, 'matches')}</th>
            <th>{t(lang, 'model_scores')}</th>
            <th>
              {t(lang, 'age_band')} / {t(lang, 'surface')}
            </th>
            <th>{t(lang, 'refs')}</th>
            <th>{t(lang, 'text')}</th>
            <th>{t(lang, 'lexicon_version')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td>{formatTime(row.createdAt)}</td>
              <td>{row.tenantId}</td>
              <td>
                <span class={`tag ${row.action}`}>{actionLabel(row.action, lang)}</span>
              </td>
              <td>
                {row.categories.map((id) => (
                  <span class="tag">{categoryLabel(id, lang)}</span>
                ))}
              </td>
              <td>
                {row.matches.map((m) => (
                  <div>
                    {termLabel(m.term, lang)}
                    {m.via.length > 0 ? (
                      <>
                        {' '}
                        <span class="muted">({m.via.map((v) => describeVariant(v).label[lang]).join('、')})</span>
                      </>
                    ) : null}
                  </div>
                ))}
              </td>
              <td class="top-scores">
                <TopScores lang={lang} row={row} />
              </td>
              <td>
                {ageBandLabel(row.ageBand, lang)}
                {row.surface === null ? null : ` / ${surfaceLabel(row.surface, lang)}`}
              </td>
              <td>
                {[row.userRef, row.contentRef].filter((r) => r !== null).join(' · ')}
                <div class="muted">
                  <code>{row.requestId}</code>
                </div>
              </td>
              <td>{row.text === null ? <span class="muted">{t(lang, 'text_not_kept')}</span> : clip(row.text)}</td>
              <td>{row.lexiconVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A decision's highest model scores, most likely first; a category that made a finding is in bold. */
function TopScores(props: { readonly lang: Lang; readonly row: Decision }) {
  const { lang, row } = props;
  if (row.scores === null) return <span class="muted">{t(lang, 'model_not_used')}</span>;
  const top = Object.entries(row.scores)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_SCORES);
  if (top.length === 0) {
    return <span class="muted">{t(lang, 'model_scores_low', { percent: formatPercent(LOGGED_SCORE_FLOOR) })}</span>;
  }
  return (
    <>
      {top.map(([category, p]) => {
        const label = `${categoryLabel(category, lang)} ${formatPercent(p)}`;
        return (
          <div data-category={category}>{row.categories.includes(category) ? <strong>{label}</strong> : label}</div>
        );
      })}
    </>
  );
}
