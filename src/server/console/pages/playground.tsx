import type { Hono, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import {
  AGE_BANDS,
  MODEL_SHOWN_SCORE,
  SURFACES,
  isAgeBand,
  type Category,
  type Match,
  type ModelSignal,
  type ModerateOptions,
  type Verdict,
} from '../../../engine/index.js';
import { listTenants } from '../../../store/index.js';
import {
  LABELLED_VARIANT_KINDS,
  Notice,
  PostForm,
  actionLabel,
  ageBandLabel,
  categoryLabel,
  describeExactMatch,
  describeVariant,
  formatPercent,
  severityLabel,
  surfaceLabel,
  t,
  termLabel,
  type Lang,
} from '../../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { BASE, sendPage } from '../respond.js';
import { segmentText } from '../highlight.js';

const MAX_TEXT = 20_000;
const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;
const MAX_SCORES_SHOWN = 6;

interface PlaygroundInput {
  readonly tenantId: string;
  readonly text: string;
  readonly ageBand: string;
  readonly surface: string;
}

/** The detector playground: paste text, pick an age band and surface, see the matches highlighted and explained. */
export function registerPlaygroundRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
) {
  const render = async (c: ConsoleContext, input: PlaygroundInput, result: Child, error?: string) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const body = (
      <>
        <h1>{t(lang, 'playground_title')}</h1>
        <p class="intro">{t(lang, 'playground_intro')}</p>
        <Notice kind="error" message={error} />
        <PostForm action={`${BASE}/playground`} csrf={c.get('csrf')} class="card" id="playground">
          <label for="text">{t(lang, 'text')}</label>
          <textarea id="text" name="text" maxlength={MAX_TEXT} required>
            {input.text}
          </textarea>
          <div class="row">
            <div>
              <label for="ageBand">{t(lang, 'age_band')}</label>
              <select id="ageBand" name="ageBand">
                {AGE_BANDS.map((band) => (
                  <option value={band} selected={band === input.ageBand}>
                    {ageBandLabel(band, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="surface">{t(lang, 'surface')}</label>
              <select id="surface" name="surface">
                <option value="">{t(lang, 'surface_any')}</option>
                {SURFACES.map((s) => (
                  <option value={s} selected={s === input.surface}>
                    {surfaceLabel(s, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="tenant">{t(lang, 'tenant')}</label>
              <select id="tenant" name="tenant">
                <option value="">{t(lang, 'default_lexicon')}</option>
                {tenants.map((tn) => (
                  <option value={tn.id} selected={tn.id === input.tenantId}>
                    {tn.name} ({tn.id})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">{t(lang, 'check_button')}</button>
        </PostForm>
        {result} <Legend lang={lang} />
      </>
    );
    return sendPage(c, t(lang, 'playground_title'), body, {
      page: 'playground',
      ...(error ? { code: 'validation_failed' } : {}),
    });
  };

  app.get('/playground', guard, (c) => render(c, { tenantId: '', text: '', ageBand: 'age_12_16', surface: '' }, null));

  app.post('/playground', guard, async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const input: PlaygroundInput = {
      tenantId: form.get('tenant'),
      text: form.get('text'),
      ageBand: form.get('ageBand'),
      surface: form.get('surface'),
    };
    const ageBand = isAgeBand(input.ageBand) ? input.ageBand : undefined;
    const surface = SURFACES.find((s) => s === input.surface);
    if (ageBand === undefined || (input.surface !== '' && surface === undefined) || input.text.length > MAX_TEXT) {
      return render(
        c,
        input,
        null,
        t(lang, 'error_invalid_input', {
          detail: `${t(lang, 'age_band')} / ${t(lang, 'surface')} / ${t(lang, 'text')}`,
        }),
      );
    }
    const tenants = await listTenants(deps.store.db);
    const tenant = tenants.find((tn) => tn.id === input.tenantId);
    const serving =
      tenant === undefined ? { engine: deps.engines.defaultEngine, version: 0 } : deps.engines.forTenant(tenant.id);
    // The tenant's stricter model threshold applies here as it does to its API calls.
    const options: ModerateOptions = {
      ageBand,
      ...(surface === undefined ? {} : { surface }),
      ...(tenant === undefined || tenant.modelThreshold === null ? {} : { modelThreshold: tenant.modelThreshold }),
    };
    const verdict = serving.engine.moderate(input.text, options);
    return render(
      c,
      input,
      <VerdictCard
        lang={lang}
        text={input.text}
        verdict={verdict}
        version={serving.version}
        modelThreshold={options.modelThreshold}
      />,
    );
  });
}

function VerdictCard(props: {
  readonly lang: Lang;
  readonly text: string;
  readonly verdict: Verdict;
  readonly version: number;
  readonly modelThreshold: number | undefined;
}) {
  const { lang, verdict } = props;
  const matches = verdict.matches;
  const signals = verdict.signals ?? [];
  // Cut by matches first, so a match stays one mark, then each piece by the model's signals, underlined inside it.
  const highlighted = segmentText(props.text, matches).map((segment) => {
    const footnotes = segment.ends.map((i) => (
      <sup class="fn" aria-hidden="true">
        {i + 1}
      </sup>
    ));
    const inner = <Underlined lang={lang} piece={segment.text} offset={segment.start} signals={signals} />;
    if (segment.covers.length === 0) {
      return (
        <>
          {inner}
          {footnotes}
        </>
      );
    }
    const covering = segment.covers.map((i) => matches[i]).filter((m): m is Match => m !== undefined);
    const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const title = covering.map((m) => `${termLabel(m.term, lang)} · ${categoryLabel(m.category, lang)}`).join('; ');
    return (
      <>
        <mark
          class={`hit ${worst.severity}${covering.length > 1 ? ' nested' : ''}`}
          title={title}
          data-matches={segment.covers.map((i) => i + 1).join(' ')}
        >
          {inner}
        </mark>
        {footnotes}
      </>
    );
  });
  return (
    <section class="card" id="result" aria-live="polite">
      <h2>{t(lang, 'result_title')}</h2>
      <div class="verdict">
        <span class={`tag ${verdict.action}`}>
          {t(lang, 'result_action', { action: actionLabel(verdict.action, lang) })}
        </span>
        <span class="tag">{verdict.flagged ? t(lang, 'result_flagged') : t(lang, 'result_not_flagged')}</span>
        <span class="tag">{t(lang, 'result_matches', { count: matches.length })}</span>
        <span class="tag">
          {t(lang, 'lexicon_version')} {props.version}
        </span>
        {props.modelThreshold === undefined ? null : (
          <span class="tag">{t(lang, 'model_threshold_tag', { value: formatPercent(props.modelThreshold) })}</span>
        )}
      </div>
      <MarksLegend lang={lang} withModel={verdict.scores !== undefined} />
      <div class="highlighted" id="highlighted">
        {highlighted}
      </div>
      <ModelCard lang={lang} verdict={verdict} signals={signals} />
      <h3>{t(lang, 'lexicon_matches_title')}</h3>
      {matches.length === 0 ? (
        <p>{t(lang, 'result_no_matches')}</p>
      ) : (
        <ol class="matches">
          {matches.map((m) => (
            <MatchItem lang={lang} match={m} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** A piece of the text (starting at `offset` in the whole) with the model's signal spans in it underlined. */
function Underlined(props: {
  readonly lang: Lang;
  readonly piece: string;
  readonly offset: number;
  readonly signals: readonly ModelSignal[];
}) {
  const { lang, signals, offset } = props;
  if (signals.length === 0) return <>{props.piece}</>;
  const shifted = signals.map((s) => ({ start: s.start - offset, end: s.end - offset }));
  return (
    <>
      {segmentText(props.piece, shifted).map((part) => {
        const categories = [...new Set(part.covers.map((i) => signals[i]?.category))].filter(
          (c): c is Category => c !== undefined,
        );
        if (categories.length === 0) return <>{part.text}</>;
        const title = `${t(lang, 'model_signal_title')}: ${categories.map((c) => categoryLabel(c, lang)).join('、')}`;
        return (
          <span class="signal" title={title} data-categories={categories.join(' ')}>
            {part.text}
          </span>
        );
      })}
    </>
  );
}

/** What the two kinds of marking in the text mean. */
function MarksLegend(props: { readonly lang: Lang; readonly withModel: boolean }) {
  const { lang } = props;
  return (
    <p class="marks-legend" id="marks-legend">
      <span>
        <mark class="hit sample">{t(lang, 'sample_text')}</mark> {t(lang, 'legend_lexicon')}
      </span>
      {props.withModel ? (
        <span>
          <span class="signal sample">{t(lang, 'sample_text')}</span> {t(lang, 'legend_model')}
        </span>
      ) : null}
    </p>
  );
}

/** The model's judgement: the categories it gives a real chance, as bars, each with the words that led it there. */
function ModelCard(props: {
  readonly lang: Lang;
  readonly verdict: Verdict;
  readonly signals: readonly ModelSignal[];
}) {
  const { lang, verdict, signals } = props;
  const scores = verdict.scores;
  if (scores === undefined) {
    return (
      <section class="model" id="model">
        <p class="muted">{t(lang, 'model_off')}</p>
      </section>
    );
  }
  const shown = (Object.entries(scores) as [Category, number][])
    .filter(([category, p]) => p >= MODEL_SHOWN_SCORE || verdict.categories.includes(category))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SCORES_SHOWN);
  const rows = shown.map(([category, p]) => {
    const finding = signals.some((s) => s.category === category) && verdict.categories.includes(category);
    const spans = signals.filter((s) => s.category === category);
    const name = categoryLabel(category, lang);
    return (
      <li class={`score${finding ? ' finding' : ''}`} data-category={category}>
        <span class="name">{name}</span>
        <meter class="score" min="0" max="1" value={p} aria-label={name}>
          {formatPercent(p)}
        </meter>
        <span class="pct">{formatPercent(p)}</span>
        <span>{finding ? <span class="tag counted">{t(lang, 'model_counted')}</span> : null}</span>
        {spans.length === 0 ? null : (
          <div class="because">
            {t(lang, 'model_because')}{' '}
            {spans.map((s) => (
              <q class="signal">{s.text}</q>
            ))}
          </div>
        )}
      </li>
    );
  });
  return (
    <section class="model" id="model">
      <h3>{t(lang, 'model_title')}</h3>
      <p class="hint">{t(lang, 'model_intro')}</p>
      {rows.length === 0 ? (
        <p>{t(lang, 'model_nothing', { percent: formatPercent(MODEL_SHOWN_SCORE) })}</p>
      ) : (
        <ul class="scores" id="model-scores">
          {rows}
        </ul>
      )}
    </section>
  );
}

function MatchItem(props: { readonly lang: Lang; readonly match: Match }) {
  const { lang, match: m } = props;
  const disguises = m.via.length === 0 ? [describeExactMatch()] : m.via.map((kind) => describeVariant(kind));
  return (
    <li class="match">
      <div class="what">{t(lang, 'match_found', { text: m.text, term: termLabel(m.term, lang) })}</div>
      <div class="meta">
        {t(lang, 'match_summary', {
          category: categoryLabel(m.category, lang),
          severity: severityLabel(m.severity, lang),
        })}
      </div>
      <ul class="disguises" aria-label={t(lang, 'match_disguises')}>
        {disguises.map((d) => (
          <li>
            <span class="tag">{d.label[lang]}</span> {d.explain[lang]}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Legend(props: { readonly lang: Lang }) {
  const { lang } = props;
  return (
    <details class="card">
      <summary>{t(lang, 'legend_title')}</summary>
      <dl class="legend">
        {LABELLED_VARIANT_KINDS.map((kind) => {
          const d = describeVariant(kind);
          return (
            <>
              <dt>{d.label[lang]}</dt>
              <dd>{d.explain[lang]}</dd>
            </>
          );
        })}
      </dl>
    </details>
  );
}
