import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../lib/index.js';
import {
  POOL_BANDS,
  POOL_RATINGS,
  POOL_THEMES,
  POOL_THEME_RULES,
  isPoolBand,
  isPoolTheme,
  type PoolBand,
  type PoolRating,
  type PoolReason,
  type PoolTheme,
} from '../../policy/index.js';
import {
  getPoolItem,
  listPoolEvents,
  listPoolQueue,
  listTenants,
  ratedTextOf,
  reviewPoolItem,
  type PoolEvent,
  type PoolItem,
} from '../../store/index.js';
import { ensurePoolRated } from '../pool/rater.js';
import {
  CsrfField,
  DataTable,
  Notice,
  ageBandLabel,
  categoryLabel,
  flashOf,
  formatTime,
  redirectTo,
  t,
  type Lang,
} from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { segmentText } from './highlight.js';
import { TenantPicker, pickTenant } from './pages/tenant-picker.js';
import { BASE, sendErrorPage, sendPage } from './respond.js';

const RATING_CLASS: Record<PoolRating, string> = { suitable: 'allow', needs_review: 'review', unsuitable: 'block' };
const RATING_KEYS: Record<PoolRating, string> = { suitable: 's', needs_review: 'r', unsuitable: 'u' };

/** A rating as a coloured tag. */
export const ratingTag = (rating: PoolRating, lang: Lang) => (
  <span class={`tag ${RATING_CLASS[rating]}`} data-rating={rating}>
    {t(lang, `pool_rating_${rating}`)}
  </span>
);

/** A theme's name in the language. */
export const themeLabel = (theme: PoolTheme, lang: Lang): string => POOL_THEME_RULES[theme].label[lang];

const itemHref = (tenantId: string, ref: string): string =>
  `${BASE}/pool/items/${encodeURIComponent(tenantId)}/${encodeURIComponent(ref)}`;

function reasonText(r: PoolReason, lang: Lang): string {
  const subject =
    r.category !== undefined
      ? categoryLabel(r.category, lang)
      : r.theme !== undefined
        ? themeLabel(r.theme, lang)
        : r.kind !== undefined
          ? t(lang, `pool_kind_${r.kind}`)
          : '';
  const words = [...new Set(r.spans?.map((s) => `“${s.text}”`))].join(' ');
  return [r.label[lang], subject, words, r.note ?? ''].filter((x) => x !== '').join(' · ');
}

/** The title and text with every span a reason pointed at marked (high: keeps it out, medium: needs review). */
function Preview(props: { readonly item: PoolItem; readonly lang: Lang }) {
  const { item, lang } = props;
  const text = ratedTextOf(item);
  const spans = new Map<string, { start: number; end: number; level: 'high' | 'medium' }>();
  for (const band of POOL_BANDS) {
    for (const r of item.ratings[band].reasons) {
      for (const s of r.spans ?? []) {
        const key = `${s.start}:${s.end}`;
        const level = r.rating === 'unsuitable' ? 'high' : 'medium';
        if (spans.get(key)?.level !== 'high') spans.set(key, { start: s.start, end: s.end, level });
      }
    }
  }
  const list = [...spans.values()];
  const marked = segmentText(text, list).map((seg) => {
    if (seg.covers.length === 0) return seg.text;
    const high = seg.covers.some((i) => list[i]!.level === 'high');
    return <mark class={`hit ${high ? 'high' : 'medium'}`}>{seg.text}</mark>;
  });
  return (
    <section class="card" id="preview">
      <h2>{t(lang, 'pool_preview')}</h2>
      <p class="marks-legend">
        <mark class="hit high">{t(lang, 'pool_rating_unsuitable')}</mark>{' '}
        <mark class="hit medium">{t(lang, 'pool_rating_needs_review')}</mark> {t(lang, 'pool_preview_legend')}
      </p>
      <p class="highlighted" id="preview-text">
        {marked}
      </p>
    </section>
  );
}

function EventItem(props: { readonly event: PoolEvent; readonly lang: Lang }) {
  const { event: e, lang } = props;
  const who = e.actorType === 'system' ? t(lang, 'pool_actor_system') : (e.actorId ?? '');
  return (
    <li data-event={e.type}>
      <strong>{t(lang, `pool_event_${e.type}`)}</strong> · {formatTime(e.createdAt)} · {who}
      {e.note === null ? null : ` · ${e.note}`}
      {e.changes.length === 0 ? null : (
        <ul>
          {e.changes.map((ch) => (
            <li>
              {ageBandLabel(ch.band, lang)}: {ch.from === null ? '—' : ratingTag(ch.from, lang)} →{' '}
              {ratingTag(ch.to, lang)}
              {ch.reasons
                .filter((r) => r.rating !== 'suitable')
                .slice(0, 2)
                .map((r) => (
                  <span class="hint"> {reasonText(r, lang)}</span>
                ))}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function QueueFilters(props: {
  readonly lang: Lang;
  readonly tenantId: string;
  readonly band: PoolBand | undefined;
  readonly theme: PoolTheme | undefined;
}) {
  const { lang, tenantId, band, theme } = props;
  return (
    <form class="card" method="get" action={`${BASE}/pool`}>
      <input type="hidden" name="tenant" value={tenantId} />
      <div class="row">
        <div>
          <label for="band">{t(lang, 'pool_band')}</label>
          <select id="band" name="band" data-autosubmit>
            <option value="">{t(lang, 'pool_any')}</option>
            {POOL_BANDS.map((b) => (
              <option value={b} selected={b === band}>
                {ageBandLabel(b, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="theme">{t(lang, 'pool_theme')}</label>
          <select id="theme" name="theme" data-autosubmit>
            <option value="">{t(lang, 'pool_any')}</option>
            {POOL_THEMES.map((th) => (
              <option value={th} selected={th === theme}>
                {themeLabel(th, lang)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <noscript>
        <button type="submit" class="secondary">
          {t(lang, 'pool_filter')}
        </button>
      </noscript>
    </form>
  );
}

function RatingsTable(props: { readonly item: PoolItem; readonly lang: Lang }) {
  const { item, lang } = props;
  return (
    <section class="card">
      <h2>{t(lang, 'pool_ratings')}</h2>
      <DataTable
        id="ratings"
        headers={[t(lang, 'pool_band'), t(lang, 'pool_final'), t(lang, 'pool_auto'), t(lang, 'pool_reasons')]}
      >
        {POOL_BANDS.map((b) => {
          const r = item.ratings[b];
          return (
            <tr data-band={b}>
              <td>{ageBandLabel(b, lang)}</td>
              <td>{ratingTag(r.rating, lang)}</td>
              <td>{ratingTag(r.auto, lang)}</td>
              <td>
                {r.reasons.length === 0 ? (
                  <span class="muted">{t(lang, 'pool_no_reason')}</span>
                ) : (
                  <ul>
                    {r.reasons.map((x) => (
                      <li>{reasonText(x, lang)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}

function ReviewForm(props: {
  readonly item: PoolItem;
  readonly lang: Lang;
  readonly csrf: string;
  readonly action: string;
  readonly waiting: readonly PoolBand[];
}) {
  const { item, lang, csrf, action, waiting } = props;
  return (
    <form class="card" method="post" action={action} id="review-form">
      <CsrfField csrf={csrf} />
      <input type="hidden" name="version" value={String(item.version)} />
      <h2>{t(lang, 'pool_decide')}</h2>
      <fieldset>
        <legend>{t(lang, 'pool_final')}</legend>
        {POOL_RATINGS.map((r) => (
          <label class="check">
            <input type="radio" name="rating" value={r} data-key={RATING_KEYS[r]} data-focus="note" required />{' '}
            {t(lang, `pool_rating_${r}`)} <kbd>{RATING_KEYS[r]}</kbd>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(lang, 'pool_decide_bands')}</legend>
        {POOL_BANDS.map((b) => (
          <label class="check">
            <input type="checkbox" name="bands" value={b} checked={waiting.length === 0 || waiting.includes(b)} />{' '}
            {ageBandLabel(b, lang)}
          </label>
        ))}
      </fieldset>
      <label for="note">{t(lang, 'pool_note')}</label>
      <input id="note" name="note" type="text" required maxlength={1000} autocomplete="off" />
      <button type="submit" id="decide">
        {t(lang, 'pool_submit')}
      </button>
    </form>
  );
}

/** The rating review queue and an item's page with its preview, ratings, decision form and history. */
export function registerPoolReviewRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
): void {
  app.get('/pool', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, c.req.query('tenant'));
    if (tenant === undefined)
      return sendPage(c, t(lang, 'pool_queue_title'), <p>{t(lang, 'pool_no_tenant')}</p>, { page: 'pool' });
    const askedBand = c.req.query('band') ?? '';
    const askedTheme = c.req.query('theme') ?? '';
    const band = isPoolBand(askedBand) ? askedBand : undefined;
    const theme = isPoolTheme(askedTheme) ? askedTheme : undefined;
    await ensurePoolRated(deps, tenant);
    const queue = await listPoolQueue(deps.store.db, { tenantId: tenant.id, band, theme, limit: 100 });
    const body = (
      <>
        <h1>{t(lang, 'pool_queue_title')}</h1>
        <p class="intro">{t(lang, 'pool_queue_intro')}</p>
        <Notice kind="ok" message={flashOf(c, { reviewed: 'pool_reviewed_done' })} />
        <TenantPicker lang={lang} action={`${BASE}/pool`} tenants={tenants} chosen={tenant} />
        <QueueFilters lang={lang} tenantId={tenant.id} band={band} theme={theme} />
        <p id="queue-count">{t(lang, 'pool_queue_count', { n: queue.total })}</p>
        {queue.items.length === 0 ? (
          <p class="muted">{t(lang, 'pool_queue_empty')}</p>
        ) : (
          <DataTable
            id="pool-queue"
            headers={[
              t(lang, 'pool_title_col'),
              t(lang, 'pool_kind'),
              t(lang, 'pool_theme'),
              t(lang, 'pool_waiting_bands'),
            ]}
          >
            {queue.items.map((item) => (
              <tr data-row data-ref={item.ref}>
                <td>
                  <a href={itemHref(tenant.id, item.ref)}>{item.title}</a>
                </td>
                <td>{t(lang, `pool_kind_${item.kind}`)}</td>
                <td>{item.themes.map((th) => themeLabel(th, lang)).join('、')}</td>
                <td>
                  {POOL_BANDS.filter((b) => item.ratings[b].rating === 'needs_review').map((b) => (
                    <>
                      <span class="tag review">{ageBandLabel(b, lang)}</span>{' '}
                    </>
                  ))}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <details class="card" data-key="?" id="shortcuts">
          <summary>
            {t(lang, 'keyboard_title')} <kbd>?</kbd>
          </summary>
          <p>{t(lang, 'pool_keyboard_hint')}</p>
        </details>
      </>
    );
    return sendPage(c, t(lang, 'pool_queue_title'), body, { page: 'pool' });
  });

  app.get('/pool/items/:tenant/:ref', guard, async (c) => {
    const lang = c.get('lang');
    const tenantId = c.req.param('tenant');
    const ref = c.req.param('ref');
    const tenant = (await listTenants(deps.store.db)).find((tn) => tn.id === tenantId);
    if (tenant !== undefined) await ensurePoolRated(deps, tenant);
    const item = tenant === undefined ? undefined : await getPoolItem(deps.store.db, tenantId, ref);
    if (item === undefined)
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'pool_item_not_found'));
    const history = await listPoolEvents(deps.store.db, { tenantId, itemRef: ref, limit: 100 });
    const queue = await listPoolQueue(deps.store.db, { tenantId, limit: 2 });
    const next = queue.items.find((i) => i.ref !== ref);
    const problem = c.req.query('problem');
    const error =
      problem === 'version'
        ? t(lang, 'pool_version_changed')
        : problem === 'input'
          ? t(lang, 'pool_note_needed')
          : undefined;
    const waiting = POOL_BANDS.filter((b) => item.ratings[b].rating === 'needs_review');
    const body = (
      <>
        <h1>{t(lang, 'pool_item_heading', { ref })}</h1>
        <Notice kind="error" message={error} />
        <Notice kind="ok" message={flashOf(c, { reviewed: 'pool_reviewed_done' })} />
        <p>
          <strong id="item-title">{item.title}</strong>
          <br />
          {t(lang, 'pool_item_meta', {
            version: item.version,
            kind: t(lang, `pool_kind_${item.kind}`),
            minutes: Math.round((item.durationSeconds ?? 0) / 60),
            published: formatTime(item.publishedAt).slice(0, 10),
          })}{' '}
          · {item.themes.map((th) => themeLabel(th, lang)).join('、')}
        </p>
        <Preview item={item} lang={lang} />
        <RatingsTable item={item} lang={lang} />
        <ReviewForm
          item={item}
          lang={lang}
          csrf={c.get('csrf')}
          action={`${itemHref(tenantId, ref)}/review`}
          waiting={waiting}
        />
        <p>
          <a href={`${BASE}/pool?tenant=${encodeURIComponent(tenantId)}`}>{t(lang, 'pool_back_queue')}</a>
          {next === undefined ? null : (
            <>
              {' '}
              ·{' '}
              <a id="next" data-key="n" href={itemHref(tenantId, next.ref)}>
                {t(lang, 'pool_next')} <kbd>n</kbd>
              </a>
            </>
          )}
        </p>
        <h2>{t(lang, 'pool_history')}</h2>
        <ol class="events card" id="history">
          {history.map((e) => (
            <EventItem event={e} lang={lang} />
          ))}
        </ol>
      </>
    );
    return sendPage(c, t(lang, 'pool_item_heading', { ref }), body, { page: 'pool' });
  });

  app.post('/pool/items/:tenant/:ref/review', guard, async (c) => {
    const lang = c.get('lang');
    const session = c.get('session')!;
    const tenantId = c.req.param('tenant');
    const ref = c.req.param('ref');
    const form = c.get('form');
    const rating = form.get('rating');
    const bands = form.getAll('bands').filter(isPoolBand);
    const version = Number(form.get('version'));
    const back = itemHref(tenantId, ref);
    if (!(POOL_RATINGS as readonly string[]).includes(rating) || bands.length === 0 || form.get('note').trim() === '')
      return redirectTo(c, back, { problem: 'input' });
    try {
      await reviewPoolItem(
        deps.store.db,
        tenantId,
        ref,
        {
          bands,
          rating: rating as PoolRating,
          note: form.get('note').trim(),
          ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        },
        { type: 'console_user', id: session.user.username },
        deps.clock(),
      );
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'conflict') return redirectTo(c, back, { problem: 'version' });
      if (error.code === 'not_found')
        return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'pool_item_not_found'));
      return redirectTo(c, back, { problem: 'input' });
    }
    const queue = await listPoolQueue(deps.store.db, { tenantId, limit: 1 });
    const next = queue.items[0];
    return next === undefined
      ? redirectTo(c, `${BASE}/pool`, { tenant: tenantId, done: 'reviewed' })
      : redirectTo(c, itemHref(tenantId, next.ref), { done: 'reviewed' });
  });
}
