import type { Hono, MiddlewareHandler } from 'hono';
import type { RiskLevel, TrackRisk } from '../../engine/index.js';
import {
  CONVERSATION_LIMITS,
  getConversation,
  listConversationMessages,
  listRiskyConversations,
  listTenants,
  type StoredConversationMessage,
} from '../../store/index.js';
import { DataTable, formatTime, t, type Lang, type MessageKey } from '../web/index.js';
import type { ConsoleDeps, ConsoleEnv } from './context.js';
import { segmentText } from './highlight.js';
import { BASE, sendErrorPage, sendPage } from './respond.js';

const levelLabel = (level: RiskLevel, lang: Lang): string => t(lang, `risk_level_${level}`);
const kindLabel = (kind: string, lang: Lang): string =>
  kind === 'grooming' || kind === 'fraud' || kind === 'bullying' ? t(lang, `risk_kind_${kind}`) : kind;
const stageLabel = (stage: string, lang: Lang): string => {
  const key = `stage_${stage}` as MessageKey;
  return t(lang, key);
};
const signalLabel = (signal: string, lang: Lang): string => {
  const [kind = '', stage = ''] = signal.split('.');
  return `${kindLabel(kind, lang)} · ${stageLabel(stage, lang)}`;
};
// The level tags reuse the verdict colours: critical and high as a block, medium as review, low as a label.
const LEVEL_CLASS: Record<RiskLevel, string> = {
  none: 'allow',
  low: 'label',
  medium: 'review',
  high: 'block',
  critical: 'block',
};
function LevelTag(props: { readonly level: RiskLevel; readonly lang: Lang }) {
  return (
    <span class={`tag ${LEVEL_CLASS[props.level]}`} data-level={props.level}>
      {levelLabel(props.level, props.lang)}
    </span>
  );
}
const conversationHref = (tenantId: string, ref: string): string =>
  `${BASE}/conversations/${encodeURIComponent(tenantId)}/${encodeURIComponent(ref)}`;

/** The conversation-risk pages: risky conversations, and one conversation with its stages as a timeline. */
export function registerConversationRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
): void {
  app.get('/conversations', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const wanted = c.req.query('tenant');
    const tenantId = tenants.some((tn) => tn.id === wanted) ? wanted : undefined;
    const rows = await listRiskyConversations(deps.store.db, { tenantId, atLeast: 'medium' });
    const body = (
      <>
        <h1>{t(lang, 'conversations_title')}</h1>
        <p class="intro">{t(lang, 'conversations_intro')}</p>
        {rows.length === 0 ? (
          <p class="muted">{t(lang, 'conversations_none')}</p>
        ) : (
          <DataTable
            id="conversations"
            headers={[
              t(lang, 'time'),
              t(lang, 'tenant'),
              t(lang, 'conversation_level_peak'),
              t(lang, 'categories'),
              t(lang, 'conversation_target'),
              t(lang, 'conversation_offenders'),
              t(lang, 'conversation_messages'),
              t(lang, 'conversation_case'),
            ]}
          >
            {rows.map((r) => (
              <tr>
                <td>{formatTime(r.updatedAt)}</td>
                <td>{r.tenantId}</td>
                <td>
                  <LevelTag level={r.peakLevel} lang={lang} />
                </td>
                <td>
                  {r.kinds.map((k) => (
                    <span class="tag">{kindLabel(k, lang)}</span>
                  ))}
                </td>
                <td>{r.targetRef ?? '—'}</td>
                <td>{r.offenders.join('、')}</td>
                <td>
                  <a href={conversationHref(r.tenantId, r.conversationRef)}>
                    {r.conversationRef} ({r.messageCount})
                  </a>
                </td>
                <td>{r.caseId === null ? '—' : <a href={`${BASE}/review/cases/${r.caseId}`}>{r.caseId}</a>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </>
    );
    return sendPage(c, t(lang, 'conversations_title'), body, { page: 'conversations' });
  });

  app.get('/conversations/:tenant/:ref', guard, async (c) => {
    const lang = c.get('lang');
    const tenantId = c.req.param('tenant');
    const ref = c.req.param('ref');
    const record = await getConversation(deps.store.db, tenantId, ref, deps.clock());
    if (record === undefined)
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'conversation_not_found'));
    const messages = await listConversationMessages(deps.store.db, tenantId, ref);
    const risk = record.risk;
    const evidenceByMessage = new Map<number, { start: number; end: number; signal: string }[]>();
    for (const e of risk.evidence) {
      const list = evidenceByMessage.get(e.message) ?? [];
      list.push(e);
      evidenceByMessage.set(e.message, list);
    }
    const body = (
      <>
        <h1>{t(lang, 'conversation_title', { ref })}</h1>
        <div class="card">
          <div class="verdict">
            <span>{t(lang, 'conversation_level_peak')}</span> <LevelTag level={risk.peakLevel} lang={lang} />{' '}
            <span>{t(lang, 'conversation_level_now')}</span> <LevelTag level={risk.level} lang={lang} />{' '}
            {risk.kinds.map((k) => (
              <span class="tag">{kindLabel(k, lang)}</span>
            ))}
          </div>
          <p>
            {t(lang, 'tenant')}: {tenantId} · {t(lang, 'conversation_target')}:{' '}
            <strong id="conversation-target">{risk.target ?? '—'}</strong> · {t(lang, 'conversation_offenders')}:{' '}
            <strong id="conversation-offenders">{risk.offenders.join('、') || '—'}</strong>
          </p>
          {record.caseId === null ? null : (
            <p>
              <a id="conversation-case" href={`${BASE}/review/cases/${record.caseId}`}>
                {t(lang, 'conversation_open_case')}
              </a>
            </p>
          )}
        </div>
        <section class="card" id="timeline">
          <h2>{t(lang, 'conversation_timeline')}</h2>
          <p class="hint">{t(lang, 'conversation_timeline_intro')}</p>
          {risk.tracks.map((track) => (
            <Timeline lang={lang} track={track} />
          ))}
        </section>
        <section id="messages">
          <h2>{t(lang, 'conversation_messages')}</h2>
          {record.messageCount > messages.length ? (
            <p class="muted">{t(lang, 'conversation_older_gone', { n: CONVERSATION_LIMITS.messagesKept })}</p>
          ) : null}
          <p class="marks-legend">
            <mark class="hit high">{t(lang, 'conversation_evidence_legend')}</mark>
          </p>
          <ol class="conversation">
            {messages.map((m) => (
              <MessageItem lang={lang} message={m} evidence={evidenceByMessage.get(m.index) ?? []} />
            ))}
          </ol>
        </section>
      </>
    );
    return sendPage(c, t(lang, 'conversation_title', { ref }), body, { page: 'conversations' });
  });
}

/** One track's stages in the order they first appeared: the timeline a moderator reads. */
function Timeline(props: { readonly lang: Lang; readonly track: TrackRisk }) {
  const { lang, track } = props;
  const senders = track.senders.join('、') || '—';
  return (
    <div class="track" data-kind={track.kind}>
      <h3>
        {kindLabel(track.kind, lang)} · {t(lang, 'conversation_track', { senders, target: track.target })}{' '}
        <LevelTag level={track.peakLevel} lang={lang} />
      </h3>
      <ol class="timeline">
        {track.stages.map((s) => (
          <li data-stage={s.stage}>
            <a href={`#m-${s.firstMessage}`}>{t(lang, 'conversation_stage_at', { n: s.firstMessage + 1 })}</a>{' '}
            <strong>{stageLabel(s.stage, lang)}</strong> <span class="muted">{Math.round(s.weight * 100)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A message with its evidence spans marked; without kept text, the signals alone. */
function MessageItem(props: {
  readonly lang: Lang;
  readonly message: StoredConversationMessage;
  readonly evidence: readonly { start: number; end: number; signal: string }[];
}) {
  const { lang, message: m, evidence } = props;
  const signals = [...new Set([...evidence.map((e) => e.signal), ...m.signals.map((s) => s.signal)])];
  const text =
    m.text === null ? (
      <span class="muted">{t(lang, 'conversation_text_not_kept')}</span>
    ) : (
      segmentText(m.text, evidence).map((seg) =>
        seg.covers.length === 0 ? (
          seg.text
        ) : (
          <mark class="hit high" title={seg.covers.map((i) => signalLabel(evidence[i]!.signal, lang)).join('；')}>
            {seg.text}
          </mark>
        ),
      )
    );
  return (
    <li id={`m-${m.index}`} value={m.index + 1} class={evidence.length > 0 ? 'evidence' : ''}>
      <div class="muted">
        {m.senderRef} → {m.receivers.join('、') || '…'} · {formatTime(m.sentAt)}
      </div>
      <div class="highlighted">{text}</div>
      {signals.length === 0 ? null : (
        <div>
          {signals.map((s) => (
            <span class="tag" data-signal={s}>
              {signalLabel(s, lang)}
            </span>
          ))}
        </div>
      )}
    </li>
  );
}
