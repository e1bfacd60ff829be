import type { Hono, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import type { Category, Match } from '../../engine/index.js';
import { isAppError, type ErrorCode } from '../../lib/index.js';
import {
  MODERATION_ACTIONS,
  NOTE_VISIBILITIES,
  checkEvidenceRecord,
  exportCaseBundle,
  getCase,
  isOpenStatus,
  listConsoleUsers,
  logCaseView,
  recordCaseEvent,
  type CaseDetail,
  type CaseEvent,
  type CaseEventInput,
  type EvidenceRecord,
  type ModerationAction,
  type NoteVisibility,
  type Report,
} from '../../store/index.js';
import {
  Notice,
  WithCode,
  PostForm,
  actionLabel,
  categoryLabel,
  formatTime,
  redirectTo,
  severityLabel,
  t,
  termLabel,
  type Lang,
} from '../web/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from './context.js';
import { BASE, sendErrorPage, sendPage } from './respond.js';
import { segmentText } from './highlight.js';
import {
  ACTION_KEYS,
  caseStatusLabel,
  channelLabel,
  eventLabel,
  moderationActionLabel,
  reporterLabel,
  subjectLabel,
} from './review-labels.js';
import { CaseTags, actorName, actorOf } from './review-queue.js';

const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;

/**
 * Categories whose material is blurred until the moderator clicks it (reviewer wellness): sexual and violent content and what
 * is closest to it.
 */
const SENSITIVE: ReadonlySet<string> = new Set<Category>([
  'sexual',
  'csam',
  'violence',
  'terrorism',
  'self_harm',
  'horror',
]);

const DONE_MESSAGES = {
  claimed: 'claimed',
  note: 'note_added',
  reversal: 'reversal_done',
  appeal: 'appeal_done',
} as const;

/** One case: its reports with the engine's highlighted matches, evidence, history, notes, actions, reversal and appeals. */
export function registerReviewCaseRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
) {
  const sla = deps.config.reportSla;
  const page = async (
    c: ConsoleContext,
    id: string,
    error?: { readonly message: string; readonly code: ErrorCode },
  ) => {
    const lang = c.get('lang');
    const session = c.get('session')!;
    const detail = CASE_ID.test(id) ? await getCase(deps.store.db, undefined, id, deps.clock()) : undefined;
    if (detail === undefined) {
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    // Every view is logged before anything is shown (for a minor's case the law requires it; for the others it costs little).
    await logCaseView(deps.store.db, actorOf(session.user.username), id, deps.clock());
    const done = c.req.query('done');
    const action = c.req.query('action');
    const ok =
      done === 'action' && action !== undefined
        ? t(lang, 'action_done', { action: moderationActionLabel(action, lang) })
        : done !== undefined && Object.hasOwn(DONE_MESSAGES, done)
          ? t(lang, DONE_MESSAGES[done as keyof typeof DONE_MESSAGES])
          : undefined;
    const users = (await listConsoleUsers(deps.store.db)).filter(
      (u) => u.disabledAt === null && (u.role === 'admin' || u.role === 'moderator'),
    );
    const view: CaseView = {
      csrf: c.get('csrf'),
      me: actorOf(session.user.username),
      assignees: users.map((u) => u.username),
      ok,
      error: error?.message,
    };
    const body = <CasePage lang={lang} detail={detail} view={view} />;
    return sendPage(c, t(lang, 'case_title', { id }), body, {
      page: 'review',
      ...(error === undefined ? {} : { code: error.code }),
    });
  };

  app.get('/review/cases/:id', guard, (c) => page(c, c.req.param('id')));

  app.get('/review/cases/:id/export', guard, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const session = c.get('session')!;
    if (!CASE_ID.test(id) || (await getCase(deps.store.db, undefined, id, deps.clock())) === undefined) {
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    // The bundle holds the whole case: taking it out is a view too.
    await logCaseView(deps.store.db, actorOf(session.user.username), id, deps.clock());
    const bundle = await exportCaseBundle(deps.store.db, undefined, id, deps.clock());
    return c.body(JSON.stringify(bundle, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="qinglang-case-${id}.json"`,
    });
  });

  // Every change to a case is one POST naming its verb; a refusal (a conflict, a missing reason) is shown on the case page.
  app.post('/review/cases/:id/:verb', guard, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const verb = c.req.param('verb');
    if (!CASE_ID.test(id) || !Object.hasOwn(VERBS, verb)) {
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    const form = c.get('form');
    let input: CaseEventInput;
    try {
      input = VERBS[verb as Verb]((name) => form.get(name));
    } catch (error) {
      if (error instanceof FormProblem) {
        return page(c, id, {
          message: t(lang, 'error_invalid_input', { detail: error.message }),
          code: 'validation_failed',
        });
      }
      throw error;
    }
    try {
      await recordCaseEvent(deps.store.db, {
        tenantId: undefined,
        caseId: id,
        actor: actorOf(c.get('session')!.user.username),
        event: input,
        now: deps.clock(),
        sla,
      });
      deps.webhooks.wake();
    } catch (error) {
      if (!isAppError(error)) throw error;
      return page(c, id, { message: t(lang, 'error_invalid_input', { detail: error.message }), code: error.code });
    }
    return redirectTo(
      c,
      `${BASE}/review/cases/${id}`,
      input.type === 'action' ? { done: 'action', action: input.action } : { done: doneOf(input) },
    );
  });
}

type Field = (name: string) => string;

/** A form field that cannot be read into an event; its message names the field. */
class FormProblem extends Error {}

const VERBS = {
  claim: (): CaseEventInput => ({ type: 'claim' }),
  unassign: (): CaseEventInput => ({ type: 'unassign' }),
  assign: (get: Field): CaseEventInput => {
    const who = get('assignee').trim();
    return who === '' ? { type: 'unassign' } : { type: 'assign', assignee: actorOf(who) };
  },
  note: (get: Field): CaseEventInput => {
    const visibility = get('visibility');
    if (!(NOTE_VISIBILITIES as readonly string[]).includes(visibility)) throw new FormProblem('visibility');
    return { type: 'note', text: get('text'), visibility: visibility as NoteVisibility };
  },
  action: (get: Field): CaseEventInput => {
    const action = get('action');
    if (!(MODERATION_ACTIONS as readonly string[]).includes(action)) throw new FormProblem('action');
    const hours = get('durationHours').trim();
    const label = get('label').trim();
    const timed = action === 'restrict' || action === 'suspend';
    if (timed && hours !== '' && !/^[1-9]\d{0,4}$/.test(hours)) throw new FormProblem('durationHours');
    return {
      type: 'action',
      action: action as ModerationAction,
      reason: get('reason'),
      reporterMessage: get('reporterMessage').trim() === '' ? undefined : get('reporterMessage'),
      durationHours: timed && hours !== '' ? Number(hours) : undefined,
      label: action === 'label' ? label : undefined,
    };
  },
  reverse: (get: Field): CaseEventInput => {
    const eventId = get('actionEventId');
    if (!/^\d{1,15}$/.test(eventId)) throw new FormProblem('actionEventId');
    return { type: 'reversal', actionEventId: Number(eventId), reason: get('reason') };
  },
  appeal: (get: Field): CaseEventInput => ({ type: 'appeal', text: get('text') }),
  'reject-appeal': (get: Field): CaseEventInput => ({ type: 'appeal_rejected', reason: get('reason') }),
} as const satisfies Record<string, (get: Field) => CaseEventInput>;
type Verb = keyof typeof VERBS;

function doneOf(input: CaseEventInput): string {
  switch (input.type) {
    case 'claim':
    case 'assign':
    case 'unassign':
      return 'claimed';
    case 'note':
      return 'note';
    case 'reversal':
      return 'reversal';
    case 'appeal':
    case 'appeal_rejected':
    case 'action':
      return 'appeal';
  }
}

interface CaseView {
  readonly csrf: string;
  readonly me: string;
  readonly assignees: readonly string[];
  readonly ok: string | undefined;
  readonly error: string | undefined;
}

/** Who did something, as a person reads it: a console user by name, the service itself in words, an API key as it is. */
function actorLabel(lang: Lang, actor: string): string {
  return actor === 'system' ? t(lang, 'actor_system') : actorName(actor);
}

type CaseProps = {
  readonly lang: Lang;
  readonly detail: CaseDetail;
  readonly view: CaseView;
  readonly action: (verb: string) => string;
};

function CasePage(props: { readonly lang: Lang; readonly detail: CaseDetail; readonly view: CaseView }) {
  const { lang, detail, view } = props;
  const c = detail.case;
  const action = (verb: string) => `${BASE}/review/cases/${c.id}/${verb}`;
  const open = isOpenStatus(c.status);
  const categoryName = c.category === 'other' ? t(lang, 'report_category_other') : categoryLabel(c.category, lang);
  const claim = !open ? null : c.assignee === null ? (
    <PostForm action={action('claim')} csrf={view.csrf} class="inline">
      <button type="submit" id="claim" data-key="c">
        {t(lang, 'claim')} <kbd>c</kbd>
      </button>
    </PostForm>
  ) : c.assignee === view.me ? (
    <PostForm action={action('unassign')} csrf={view.csrf} class="inline">
      <button type="submit" class="secondary">
        {t(lang, 'unclaim')}
      </button>
    </PostForm>
  ) : null;
  const assign = !open ? null : (
    <PostForm action={action('assign')} csrf={view.csrf} class="inline button-row">
      {' '}
      <label for="assignee" class="check">
        {t(lang, 'assign_to')}
      </label>{' '}
      <select id="assignee" name="assignee">
        <option value="">{t(lang, 'nobody')}</option>
        {view.assignees.map((u) => (
          <option value={u} selected={c.assignee === actorOf(u)}>
            {u}
          </option>
        ))}
      </select>{' '}
      <button type="submit" class="secondary">
        {t(lang, 'assign')}
      </button>
    </PostForm>
  );
  const forms: CaseProps = { lang, detail, view, action };
  return (
    <>
      <p>
        <a href={`${BASE}/review`}>← {t(lang, 'queue_title')}</a>
      </p>
      <h1>
        <WithCode lang={lang} message="case_title" codes={{ id: c.id }} />
      </h1>
      <div class="verdict" id="case-tags">
        <CaseTags lang={lang} summary={c} />
        <span class="tag">{categoryName}</span>
      </div>
      {c.minorInvolved ? (
        <p class="notice info" id="minor-logged">
          {t(lang, 'case_minor_logged')}
        </p>
      ) : null}
      <Notice kind="ok" message={view.ok} />
      <Notice kind="error" message={view.error} />
      <dl class="legend card">
        <dt>{t(lang, 'subject')}</dt>
        <dd>
          {subjectLabel(c.subjectKind, lang)} · <code>{c.subjectKey}</code> · {c.tenantId}
        </dd>
        <dt>{t(lang, 'status')}</dt>
        <dd id="case-status">{caseStatusLabel(c.status, lang)}</dd>
        <dt>{t(lang, 'assignee')}</dt>
        <dd id="case-assignee">{c.assignee === null ? t(lang, 'nobody') : actorName(c.assignee)}</dd>
        <dt>{t(lang, 'opened')}</dt>
        <dd>{formatTime(c.openedAt)}</dd>
        <dt>{t(lang, 'due')}</dt>
        <dd>
          {c.dueAt === null ? '—' : formatTime(c.dueAt)}{' '}
          {c.slaBreached ? <span class="tag breach">{t(lang, 'sla_breached')}</span> : null}
        </dd>
      </dl>
      <div class="button-row">
        {claim} {assign}{' '}
        <a class="button secondary-link" href={action('export')} download="" id="export">
          {t(lang, 'case_export')}
        </a>
      </div>
      <p class="hint">{t(lang, 'case_export_hint')}</p>
      {open || c.status === 'appealed' ? <ActionForms {...forms} /> : null}
      <ReversalForms {...forms} />
      <h2>
        {t(lang, 'case_reports')} ({detail.reports.length})
      </h2>
      {detail.reports.map((r) => (
        <ReportCard lang={lang} report={r} />
      ))}
      <h2>{t(lang, 'case_notes')}</h2>
      <PostForm action={action('note')} csrf={view.csrf} class="card" id="note-form">
        <label for="note-text">
          {t(lang, 'note_text')} <kbd>n</kbd>
        </label>
        <textarea id="note-text" name="text" required maxlength={5000} data-key="n"></textarea>
        <fieldset>
          <legend>{t(lang, 'note_visibility')}</legend>
          <label class="check">
            <input type="radio" name="visibility" value="internal" checked /> {t(lang, 'note_internal')}
          </label>{' '}
          <label class="check">
            <input type="radio" name="visibility" value="reporter" /> {t(lang, 'note_reporter')}
          </label>
        </fieldset>
        <button type="submit">{t(lang, 'note_add')}</button>
      </PostForm>
      <h2>{t(lang, 'case_history')}</h2>
      <ol class="events card" id="history">
        {detail.events.map((e) => (
          <EventItem lang={lang} event={e} />
        ))}
      </ol>
      <h2>
        {t(lang, 'case_evidence')} ({detail.evidence.length})
      </h2>
      <div class="card evidence" id="evidence">
        {detail.evidence.map((e) => (
          <details>
            <summary>
              #{e.seq} · {t(lang, `evidence_kind_${e.kind}`)} · {formatTime(e.createdAt)}{' '}
              <EvidenceCheck lang={lang} record={e} />
            </summary>
            <div class="hash">
              {t(lang, 'case_evidence_hash')}: <code>{e.hash}</code>
            </div>
            <div class="hash">
              {t(lang, 'evidence_prev_hash')}: <code>{e.prevHash}</code> · {t(lang, 'evidence_content_hash')}:{' '}
              <code>{e.contentHash}</code>
            </div>
            <pre>{e.content}</pre>
          </details>
        ))}
      </div>
      <details class="card" data-key="?" id="shortcuts">
        <summary>
          {t(lang, 'keyboard_title')} <kbd>?</kbd>
        </summary>
        <p>{t(lang, 'keyboard_hint')}</p>
      </details>
    </>
  );
}

function ActionForms(props: CaseProps) {
  const { lang, detail, view, action } = props;
  const c = detail.case;
  const appealed = c.status === 'appealed';
  const inForce = new Set(detail.activeActions.map((a) => a.action));
  const choices = MODERATION_ACTIONS.filter((a) => !inForce.has(a));
  return (
    <>
      <PostForm action={action('action')} csrf={view.csrf} class="card" id="action-form">
        <h2>{t(lang, 'case_actions')}</h2>
        <fieldset class="act-choice">
          <legend>{t(lang, 'action')}</legend>
          {choices.map((a, i) => (
            <label class="check">
              <input
                type="radio"
                name="action"
                value={a}
                data-key={ACTION_KEYS[a]}
                data-focus="reason"
                required={i === 0}
              />{' '}
              {moderationActionLabel(a, lang)} <kbd>{ACTION_KEYS[a]}</kbd>
            </label>
          ))}
        </fieldset>
        <label for="reason">{t(lang, 'reason')}</label>
        <input id="reason" name="reason" type="text" required maxlength={5000} autocomplete="off" />
        <label for="reporterMessage">{t(lang, 'note_reporter')}</label>
        <input id="reporterMessage" name="reporterMessage" type="text" maxlength={5000} autocomplete="off" />
        <div class="row">
          <div>
            <label for="durationHours">
              {moderationActionLabel('restrict', lang)} / {moderationActionLabel('suspend', lang)} (h)
            </label>
            <input id="durationHours" name="durationHours" type="text" inputmode="numeric" pattern="[0-9]*" />
          </div>
          <div>
            <label for="label">{moderationActionLabel('label', lang)}</label>
            <input id="label" name="label" type="text" maxlength={200} />
          </div>
        </div>
        <button type="submit" id="act">
          {t(lang, 'confirm_action')}
        </button>
      </PostForm>
      {appealed ? (
        <PostForm action={action('reject-appeal')} csrf={view.csrf} class="card" id="reject-appeal-form">
          <h2>{t(lang, 'appeal_resolve')}</h2>
          <label for="appeal-reason">{t(lang, 'reason')}</label>
          <input id="appeal-reason" name="reason" type="text" required maxlength={5000} />
          <button type="submit">{t(lang, 'appeal_uphold')}</button>
          <p class="hint">
            {t(lang, 'appeal_grant')}: {t(lang, 'case_reversal')} ↓
          </p>
        </PostForm>
      ) : null}
    </>
  );
}

function ReversalForms(props: CaseProps) {
  const { lang, detail, view, action } = props;
  const active = detail.activeActions;
  const closedWithEnforcement = !isOpenStatus(detail.case.status) && active.some((a) => a.action !== 'dismiss');
  if (active.length === 0) return null;
  return (
    <>
      <section class="card" id="reversal">
        <h2>{t(lang, 'case_reversal')}</h2>
        {active.map((a) => (
          <PostForm action={action('reverse')} csrf={view.csrf} class="button-row">
            <input type="hidden" name="actionEventId" value={a.eventId} />
            <span class="tag">
              #{a.eventId} {moderationActionLabel(a.action, lang)}
            </span>{' '}
            <input name="reason" type="text" required maxlength={5000} aria-label={t(lang, 'reason')} />{' '}
            <button type="submit" class="secondary">
              {t(lang, 'case_reversal')}
            </button>
          </PostForm>
        ))}
      </section>
      {closedWithEnforcement ? (
        <PostForm action={action('appeal')} csrf={view.csrf} class="card" id="appeal-form">
          <h2>{t(lang, 'appeal_by_subject')}</h2>
          <label for="appeal-text">{t(lang, 'case_appeal')}</label>
          <textarea id="appeal-text" name="text" required maxlength={5000}></textarea>
          <button type="submit" class="secondary">
            {t(lang, 'case_appeal')}
          </button>
        </PostForm>
      ) : null}
    </>
  );
}

/** Whether a record still hashes to what was stored (its link to the chain is checked by `qinglang evidence verify`). */
function EvidenceCheck(props: { readonly lang: Lang; readonly record: EvidenceRecord }) {
  const { lang } = props;
  const problems = checkEvidenceRecord(props.record, undefined);
  return problems.length === 0 ? (
    <span class="tag allow" data-evidence="ok">
      {t(lang, 'evidence_ok')}
    </span>
  ) : (
    <span class="tag block" data-evidence="bad" title={problems.map((p) => p.message).join('; ')}>
      {t(lang, 'evidence_bad')}
    </span>
  );
}

function ReportCard(props: { readonly lang: Lang; readonly report: Report }) {
  const { lang, report: r } = props;
  const s = r.screening;
  const sensitive =
    SENSITIVE.has(r.category) || s.matches.some((m) => SENSITIVE.has(m.category) && m.severity !== 'low');
  const subject = r.subject;
  const refs: string[] = [];
  let url: string | undefined;
  let image: string | undefined;
  switch (subject.kind) {
    case 'content':
      refs.push(subject.contentRef);
      if (subject.authorRef !== undefined) refs.push(subject.authorRef);
      url = subject.snapshot.url;
      image = subject.snapshot.imageSha256;
      break;
    case 'user':
      refs.push(subject.userRef);
      break;
    case 'conversation':
      if (subject.conversationRef !== undefined) refs.push(subject.conversationRef);
      if (subject.offenderRef !== undefined) refs.push(subject.offenderRef);
      break;
  }
  // A conversation the risk layer followed has its own page: every message, the evidence marked, the stages in order.
  const conversation =
    subject.kind === 'conversation' && subject.conversationRef !== undefined ? (
      <p>
        <a
          class="conversation-link"
          href={`${BASE}/conversations/${encodeURIComponent(r.tenantId)}/${encodeURIComponent(subject.conversationRef)}`}
        >
          {t(lang, 'conversation_view')}
        </a>
      </p>
    ) : null;
  const material = (
    <>
      {s.text === '' ? null : (
        <div class="highlighted">
          <Highlighted lang={lang} text={s.text} matches={s.matches} />
        </div>
      )}{' '}
      {url === undefined ? null : (
        <p>
          {t(lang, 'content_url')}: <code>{url}</code>
        </p>
      )}{' '}
      {image === undefined ? null : (
        <p>
          {t(lang, 'image')} SHA-256: <code class="hash">{image}</code>
        </p>
      )}{' '}
      {conversation}
    </>
  );
  return (
    <article class="card report" id={`report-${r.id}`}>
      <div class="verdict">
        <span class="tag">{channelLabel(r.channel, lang)}</span>
        <span class="tag">
          {t(lang, 'reporter')}: {reporterLabel(r.reporterRole, lang)}
        </span>
        {r.anonymous ? <span class="tag">{t(lang, 'anonymous')}</span> : null}
        <span class="tag">
          {r.category === 'other' ? t(lang, 'report_category_other') : categoryLabel(r.category, lang)}
        </span>
        <span class="muted">
          {formatTime(r.createdAt)} · {subjectLabel(subject.kind, lang)} {refs.join(' · ')}
        </span>
      </div>
      {r.description === null ? null : (
        <p>
          <strong>{t(lang, 'description')}:</strong> {r.description}
        </p>
      )}
      {r.contact === null ? null : (
        <p>
          <strong>{t(lang, 'contact')}:</strong> {r.contact}
        </p>
      )}
      <p>
        <strong>{t(lang, 'engine_verdict')}:</strong>{' '}
        <span class={`tag ${s.action}`}>{actionLabel(s.action, lang)}</span>{' '}
        {s.categories.map((id) => (
          <span class="tag">{categoryLabel(id, lang)}</span>
        ))}{' '}
        <span class="muted">
          {t(lang, 'lexicon_version')} {s.lexiconVersion}
        </span>
      </p>
      {sensitive ? (
        <label class="reveal" data-sensitive="">
          <input type="checkbox" aria-label={t(lang, 'blurred_reveal')} />
          <span class="sensitive">{material}</span>
          <span class="veil">{t(lang, 'blurred_reveal')}</span>
        </label>
      ) : (
        material
      )}
      {s.matches.length === 0 ? null : (
        <ol class="matches">
          {s.matches.map((m) => (
            <li>
              <span class="what">{termLabel(m.term, lang)}</span>{' '}
              <span class="meta">
                {t(lang, 'match_summary', {
                  category: categoryLabel(m.category, lang),
                  severity: severityLabel(m.severity, lang),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function Highlighted(props: { readonly lang: Lang; readonly text: string; readonly matches: readonly Match[] }) {
  const { lang, matches } = props;
  return (
    <>
      {segmentText(props.text, matches).map((segment) => {
        if (segment.covers.length === 0) return <>{segment.text}</>;
        const covering = segment.covers.map((i) => matches[i]).filter((m): m is Match => m !== undefined);
        const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
        const title = covering.map((m) => `${m.term} · ${categoryLabel(m.category, lang)}`).join('; ');
        return (
          <mark class={`hit ${worst.severity}`} title={title}>
            {segment.text}
          </mark>
        );
      })}
    </>
  );
}

function EventItem(props: { readonly lang: Lang; readonly event: CaseEvent }) {
  const { lang, event: e } = props;
  let what: Child = '';
  let cls = e.type as string;
  switch (e.type) {
    case 'report_added':
      what = (
        <>
          {categoryLabel(e.category, lang)} · <code>{e.reportId}</code>
        </>
      );
      break;
    case 'assigned':
      what = actorName(e.assignee);
      break;
    case 'note':
      cls = `note-${e.visibility}`;
      what = (
        <>
          <span class="tag">{e.visibility === 'reporter' ? t(lang, 'note_reporter') : t(lang, 'note_internal')}</span>{' '}
          {e.text}
        </>
      );
      break;
    case 'action':
      what = (
        <>
          <strong>{moderationActionLabel(e.action, lang)}</strong> · {e.reason}
          {e.label === undefined ? null : ` · ${e.label}`}
          {e.durationHours === undefined ? null : ` · ${e.durationHours} h`}
          {e.reporterMessage === undefined ? null : (
            <div class="muted">
              {t(lang, 'note_reporter')}: {e.reporterMessage}
            </div>
          )}
        </>
      );
      break;
    case 'reversal':
      what = `#${e.actionEventId} · ${e.reason}`;
      break;
    case 'appeal':
      what = e.text;
      break;
    case 'appeal_rejected':
      what = e.reason;
      break;
    case 'claimed':
    case 'unassigned':
      break;
  }
  return (
    <li class={cls} data-event={e.type}>
      <span class="muted">
        #{e.id} · {formatTime(e.createdAt)} · {actorLabel(lang, e.actor)}
      </span>
      <div>
        <strong>{eventLabel(e.type, lang)}</strong> {what}
      </div>
    </li>
  );
}
