import type { Engine } from '../compile.js';
import type { AgeBand } from '../taxonomy.js';
import { createConversationState, observeMessage } from './assess.js';
import type { ConversationOptions, Participant, RiskKind, RiskLevel, Signal } from './types.js';

/** A whole conversation, as `qinglang conversations scan` reads it. */
export interface ConversationInput {
  readonly id?: unknown;
  readonly participants: Readonly<Record<string, Participant>>;
  readonly messages: readonly { readonly from: string; readonly text: string; readonly t: number }[];
}

/** The judgement of a whole conversation, as `qinglang conversations scan` writes it. */
export interface ConversationScan {
  readonly id: unknown;
  readonly flagged: boolean;
  readonly level: RiskLevel;
  readonly kinds: readonly RiskKind[];
  readonly flaggedAt: number | null;
  readonly target: string | null;
  readonly offenders: readonly string[];
  readonly evidence: readonly {
    readonly message: number;
    readonly start: number;
    readonly end: number;
    readonly signal: Signal;
  }[];
}

/**
 * Runs a conversation through the risk layer message by message, with the engine's verdict on each message as signals
 * (none when `engine` is undefined), and returns the judgement of the whole. `level` is the highest level reached.
 *
 * @example
 * scanConversation(engine, { participants: { a: { age: 30 }, k: { age: 11 } }, messages: [{ from: 'a', text: '你几岁了', t: 0 }] });
 */
export function scanConversation(
  engine: Engine | undefined,
  input: ConversationInput,
  options: ConversationOptions & { readonly ageBand?: AgeBand } = {},
): ConversationScan {
  const state = createConversationState();
  const ageBand = options.ageBand ?? 'age_12_16';
  let first = true;
  let risk = undefined as ReturnType<typeof observeMessage>['risk'] | undefined;
  for (const m of input.messages) {
    const verdict = engine?.moderate(m.text, { ageBand, surface: 'chat' });
    risk = observeMessage(state, m, first ? input.participants : {}, verdict, options).risk;
    first = false;
  }
  return {
    id: input.id,
    flagged: risk?.flagged ?? false,
    level: risk?.peakLevel ?? 'none',
    kinds: risk?.kinds ?? [],
    flaggedAt: risk?.flaggedAt ?? null,
    target: risk?.target ?? null,
    offenders: risk?.offenders ?? [],
    evidence: (risk?.evidence ?? []).map((e) => ({ message: e.message, start: e.start, end: e.end, signal: e.signal })),
  };
}
