import type { Hono, MiddlewareHandler } from 'hono';
import { AGE_BANDS, SURFACES, isAgeBand, type Match, type Verdict } from '../../../engine/index.js';
import { listTenants } from '../../../store/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../context.js';
import { segmentText } from '../highlight.js';
import { html, type SafeHtml } from '../html.js';
import { t, type Lang } from '../i18n.js';
import {
  LABELLED_VARIANT_KINDS,
  actionLabel,
  ageBandLabel,
  categoryLabel,
  describeExactMatch,
  describeVariant,
  severityLabel,
  surfaceLabel,
} from '../labels.js';
import { BASE, csrfField, notice } from '../layout.js';
import { sendPage } from '../respond.js';

const MAX_TEXT = 20_000;
const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;

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
    const verdict = serving.engine.moderate(input.text, surface === undefined ? { ageBand } : { ageBand, surface });
    return render(c, input, renderVerdict(lang, input.text, verdict, serving.version));
  });
}

function renderVerdict(lang: Lang, text: string, verdict: Verdict, version: number): SafeHtml {
  const matches = verdict.matches;
  const segments = segmentText(text, matches);
  const highlighted = segments.map((segment) => {
    const footnotes = segment.ends.map((i) => html`<sup class="fn" aria-hidden="true">${i + 1}</sup>`);
    if (segment.covers.length === 0) return html`${segment.text}${footnotes}`;
    const covering = segment.covers.map((i) => matches[i]).filter((m): m is Match => m !== undefined);
    const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const title = covering.map((m) => `${m.term} · ${categoryLabel(m.category, lang)}`).join('; ');
    return html`<mark
        class="hit ${worst.severity}${covering.length > 1 ? ' nested' : ''}"
        title="${title}"
        data-matches="${segment.covers.map((i) => i + 1).join(' ')}"
        >${segment.text}</mark
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
    </div>
    <div class="highlighted" id="highlighted">${highlighted}</div>
    ${list}
  </section>`;
}

function renderMatch(lang: Lang, m: Match): SafeHtml {
  const disguises = m.via.length === 0 ? [describeExactMatch()] : m.via.map((kind) => describeVariant(kind));
  return html`<li class="match">
    <div class="what">${t(lang, 'match_found', { text: m.text, term: m.term })}</div>
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
