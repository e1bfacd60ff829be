import { RISK_LEVELS, type RiskLevel, type SenderHistory } from './types.js';

/** What one conversation says of one sender: whom it approached, with which grooming stages, and how far it went. */
export interface SenderRecord {
  readonly conversationRef: string;
  readonly target: string;
  readonly targetAge: number | null;
  readonly stages: readonly string[];
  readonly peakLevel: RiskLevel;
  /** Seconds, on the same clock as `now`. */
  readonly at: number;
}

/** Records older than this no longer count: a sender's history is about what it does lately. */
export const SENDER_HISTORY_WINDOW = 30 * 86_400;

/**
 * A sender's history across conversations, in the style of Roblox's Sentinel: how many distinct minors it approached
 * with probing, isolation, secrecy or sexualisation in the window, and whether any of those conversations reached high.
 * A sender who probes many children is riskier in each new conversation than any one conversation shows.
 *
 * @example
 * summarizeSender([{ conversationRef: 'c1', target: 'k1', targetAge: 11, stages: ['probing'], peakLevel: 'low', at: 0 }], 60);
 * // { minorsApproached: 1, flaggedBefore: false }
 */
export function summarizeSender(records: readonly SenderRecord[], now: number): SenderHistory {
  const minors = new Set<string>();
  let flaggedBefore = false;
  for (const r of records) {
    if (now - r.at > SENDER_HISTORY_WINDOW) continue;
    const approached = r.stages.some((s) => APPROACH.has(s));
    if (approached && (r.targetAge === null || r.targetAge < 18)) minors.add(r.target);
    if (RISK_LEVELS.indexOf(r.peakLevel) >= RISK_LEVELS.indexOf('high')) flaggedBefore = true;
  }
  return { minorsApproached: minors.size, flaggedBefore };
}

const APPROACH = new Set(['probing', 'isolation', 'secrecy', 'sexualisation', 'images', 'meeting']);
