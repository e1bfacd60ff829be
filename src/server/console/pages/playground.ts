import type { Hono, MiddlewareHandler } from 'hono';
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
  actionLabel,
  ageBandLabel,
  categoryLabel,
  csrfField,
  describeExactMatch,
  describeVariant,
  formatPercent,
  html,
  LABELLED_VARIANT_KINDS,
  type Lang,
  notice,
  type SafeHtml,
  severityLabel,
  surfaceLabel,
  t,
  termLabel,
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
  const render = async (c: ConsoleContext, input: PlaygroundInput, result: SafeHtml | null, error?: string) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const body = html`<h1>${t(lang, 'playground_title')}</h1>
      <p class="intro">${t(lang, 'playground_intro')}</p>
      ${notice('error', error)}
      <form class="card" method="post" action="${BASE}/playground" id="playground">
        ${csrfField(c.get('csrf'))}
        <label for="text">${t(lang, 'text')}</label>
        <textarea id="text" name="text" maxlength="${MAX_TEXT}" required>${input.text}</textarea>
        <div class="row">
          <div>
            <label for="ageBand">${t(lang, 'age_band')}</label>
            <select id="ageBand" name="ageBand">
              ${AGE_BANDS.map((band) => html`<option value="${band}" ${band === input.ageBand ? html` selected` : null}>${ageBandLabel(band, lang)}</option>`)}
            </select>
          </div>
          <div>
            <label for="surface">${t(lang, 'surface')}</label>
            <select id="surface" name="surface">
              <option value="">${t(lang, 'surface_any')}</option>
              ${SURFACES.map((s) => html`<option value="${s}" ${s === input.surface ? html` selected` : null}>${surfaceLabel(s, lang)}</option>`)}
            </select>
          </div>
          <div>
            <label for="tenant">${t(lang, 'tenant')}</label>
            <select id="tenant" name="tenant">
              <option value="">${t(lang, 'default_lexicon')}</option>
              ${tenants.map((tn) => html`<option value="${tn.id}" ${tn.id === input.tenantId ? html` selected` : null}>${tn.name} (${tn.id})</option>`)}
            </select>
          </div>
        </div>
        <button type="submit">${t(lang, 'check_button')}</button>
      </form>
      ${result} ${legend(lang)}`;
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
    return render(c, input, renderVerdict(lang, input.text, verdict, serving.version, options.modelThreshold));
  });
}

function renderVerdict(
  lang: Lang,
  text: string,
  verdict: Verdict,
  version: number,
  modelThreshold: number | undefined,
): SafeHtml {
  const matches = verdict.matches;
  const signals = verdict.signals ?? [];
  // Cut by matches first, so a match stays one mark, then each piece by the model's signals, underlined inside it.
  const highlighted = segmentText(text, matches).map((segment) => {
    const footnotes = segment.ends.map((i) => html`<sup class="fn" aria-hidden="true">${i + 1}</sup>`);
    const inner = underlineSignals(lang, segment.text, segment.start, signals);
    if (segment.covers.length === 0) return html`${inner}${footnotes}`;
    const covering = segment.covers.map((i) => matches[i]).filter((m): m is Match => m !== undefined);
    const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const title = covering.map((m) => `${termLabel(m.term, lang)} · ${categoryLabel(m.category, lang)}`).join('; ');
    return html`<mark
        class="hit ${worst.severity}${covering.length > 1 ? ' nested' : ''}"
        title="${title}"
        data-matches="${segment.covers.map((i) => i + 1).join(' ')}"
        >${inner}</mark
      >${footnotes}`;
  });
  const list =
    matches.length === 0
      ? html`<p>${t(lang, 'result_no_matches')}</p>`
      : html`<ol class="matches">
          ${matches.map((m) => renderMatch(lang, m))}
        </ol>`;
  return html`<section class="card" id="result" aria-live="polite">
    <h2>${t(lang, 'result_title')}</h2>
    <div class="verdict">
      <span class="tag ${verdict.action}"
        >${t(lang, 'result_action', { action: actionLabel(verdict.action, lang) })}</span
      >
      <span class="tag">${verdict.flagged ? t(lang, 'result_flagged') : t(lang, 'result_not_flagged')}</span>
      <span class="tag">${t(lang, 'result_matches', { count: matches.length })}</span>
      <span class="tag">${t(lang, 'lexicon_version')} ${version}</span>
      ${
        modelThreshold === undefined
          ? null
          : html`<span class="tag">${t(lang, 'model_threshold_tag', { value: formatPercent(modelThreshold) })}</span>`
      }
    </div>
    ${marksLegend(lang, verdict.scores !== undefined)}
    <div class="highlighted" id="highlighted">${highlighted}</div>
    ${renderModel(lang, verdict, signals)}
    <h3>${t(lang, 'lexicon_matches_title')}</h3>
    ${list}
  </section>`;
}

/** A piece of the text (starting at `offset` in the whole) with the model's signal spans in it underlined. */
function underlineSignals(lang: Lang, piece: string, offset: number, signals: readonly ModelSignal[]): SafeHtml {
  if (signals.length === 0) return html`${piece}`;
  const shifted = signals.map((s) => ({ start: s.start - offset, end: s.end - offset }));
  return html`${segmentText(piece, shifted).map((part) => {
    const categories = [...new Set(part.covers.map((i) => signals[i]?.category))].filter(
      (c): c is Category => c !== undefined,
    );
    if (categories.length === 0) return html`${part.text}`;
    const title = `${t(lang, 'model_signal_title')}: ${categories.map((c) => categoryLabel(c, lang)).join('、')}`;
    return html`<span class="signal" title="${title}" data-categories="${categories.join(' ')}">${part.text}</span>`;
  })}`;
}

/** What the two kinds of marking in the text mean. */
function marksLegend(lang: Lang, withModel: boolean): SafeHtml {
  return html`<p class="marks-legend" id="marks-legend">
    <span><mark class="hit sample">${t(lang, 'sample_text')}</mark> ${t(lang, 'legend_lexicon')}</span>
    ${
      withModel
        ? html`<span><span class="signal sample">${t(lang, 'sample_text')}</span> ${t(lang, 'legend_model')}</span>`
        : null
    }
  </p>`;
}

/** The model's judgement: the categories it gives a real chance, as bars, each with the words that led it there. */
function renderModel(lang: Lang, verdict: Verdict, signals: readonly ModelSignal[]): SafeHtml {
  const scores = verdict.scores;
  if (scores === undefined) {
    return html`<section class="model" id="model"><p class="muted">${t(lang, 'model_off')}</p></section>`;
  }
  const shown = (Object.entries(scores) as [Category, number][])
    .filter(([category, p]) => p >= MODEL_SHOWN_SCORE || verdict.categories.includes(category))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SCORES_SHOWN);
  const rows = shown.map(([category, p]) => {
    const finding = signals.some((s) => s.category === category) && verdict.categories.includes(category);
    const spans = signals.filter((s) => s.category === category);
    const name = categoryLabel(category, lang);
    return html`<li class="score${finding ? ' finding' : ''}" data-category="${category}">
      <span class="name">${name}</span>
      <meter class="score" min="0" max="1" value="${p}" aria-label="${name}">${formatPercent(p)}</meter>
      <span class="pct">${formatPercent(p)}</span>
      <span>${finding ? html`<span class="tag counted">${t(lang, 'model_counted')}</span>` : null}</span>
      ${
        spans.length === 0
          ? null
          : html`<div class="because">
              ${t(lang, 'model_because')} ${spans.map((s) => html`<q class="signal">${s.text}</q>`)}
            </div>`
      }
    </li>`;
  });
  return html`<section class="model" id="model">
    <h3>${t(lang, 'model_title')}</h3>
    <p class="hint">${t(lang, 'model_intro')}</p>
    ${
      rows.length === 0
        ? html`<p>${t(lang, 'model_nothing', { percent: formatPercent(MODEL_SHOWN_SCORE) })}</p>`
        : html`<ul class="scores" id="model-scores">
            ${rows}
          </ul>`
    }
  </section>`;
}

function renderMatch(lang: Lang, m: Match): SafeHtml {
  const disguises = m.via.length === 0 ? [describeExactMatch()] : m.via.map((kind) => describeVariant(kind));
  return html`<li class="match">
    <div class="what">${t(lang, 'match_found', { text: m.text, term: termLabel(m.term, lang) })}</div>
    <div class="meta">
      ${t(lang, 'match_summary', { category: categoryLabel(m.category, lang), severity: severityLabel(m.severity, lang) })}
    </div>
    <ul class="disguises" aria-label="${t(lang, 'match_disguises')}">
      ${disguises.map((d) => html`<li><span class="tag">${d.label[lang]}</span> ${d.explain[lang]}</li>`)}
    </ul>
  </li>`;
}

function legend(lang: Lang): SafeHtml {
  return html`<details class="card">
    <summary>${t(lang, 'legend_title')}</summary>
    <dl class="legend">
      ${LABELLED_VARIANT_KINDS.map((kind) => {
        const d = describeVariant(kind);
        return html`<dt>${d.label[lang]}</dt>
          <dd>${d.explain[lang]}</dd>`;
      })}
    </dl>
  </details>`;
}
