import type { AgeBand, Severity } from '../taxonomy.js';

/**
 * The calibrated probabilities at which a model score becomes a finding, per age band: `flag` makes it medium (blocked
 * for minors, sent to review for adults), `block` makes it high; stricter for the youngest, looser for adults. A model
 * that carries its own per-category flag (chosen on dev for age_12_16) is shifted by each band's difference from
 * age_12_16. Below its flag a score is only reported in `scores`: a label from a 30% guess would be noise on every
 * verdict. A tenant can only tighten them (`modelThreshold`, which lowers `flag`), never loosen them.
 */
export const MODEL_THRESHOLDS: Readonly<Record<AgeBand, { readonly flag: number; readonly block: number }>> = {
  under_3: { flag: 0.45, block: 0.85 },
  age_3_8: { flag: 0.45, block: 0.85 },
  age_8_12: { flag: 0.5, block: 0.9 },
  age_12_16: { flag: 0.5, block: 0.9 },
  age_16_18: { flag: 0.55, block: 0.92 },
  adult: { flag: 0.6, block: 0.95 },
};

/**
 * A model score at or above this for a term's category gives a topic term (高利贷, 冰毒, 智障) or a sound-alike match its
 * severity back: the model supplies the context (an offer, an invitation, an insult) that the words alone cannot.
 */
export const MODEL_SUPPORT = 0.35;

/**
 * Scores under this say only that the model saw nothing of the kind: the console, the CLI and the decision log leave them
 * out (unless their category made a finding), so a verdict reads as its few real scores rather than thirteen numbers.
 */
export const MODEL_SHOWN_SCORE = 0.05;

/**
 * The thresholds for one category and band. A model may carry its own flag threshold per category (`categoryFlag`,
 * chosen on the dev split for age_12_16 under a false-alarm budget); other bands shift it by as much as they shift the
 * default `flag`, and a tenant's `tenantFlag` can only lower the result.
 */
export function modelThresholdsFor(
  ageBand: AgeBand,
  categoryFlag?: number,
  tenantFlag?: number,
): { readonly flag: number; readonly block: number } {
  const t = MODEL_THRESHOLDS[ageBand];
  // A category's own threshold is for age_12_16; other bands move it as they move the default.
  const base = categoryFlag === undefined ? t.flag : categoryFlag + t.flag - MODEL_THRESHOLDS.age_12_16.flag;
  const flag = Math.min(base, tenantFlag ?? Infinity, t.block);
  return { flag, block: t.block };
}

/**
 * The severity of a model score for an age band, or undefined when it is below the band's label threshold.
 *
 * @example
 * modelSeverity(0.93, 'age_12_16'); // 'high'
 * modelSeverity(0.2, 'age_12_16'); // undefined
 */
export function modelSeverity(
  score: number,
  ageBand: AgeBand,
  tenantFlag?: number,
  categoryFlag?: number,
): Severity | undefined {
  const t = modelThresholdsFor(ageBand, categoryFlag, tenantFlag);
  if (score >= t.block) return 'high';
  if (score >= t.flag) return 'medium';
  return undefined;
}
