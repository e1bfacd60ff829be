/**
 * What conversation risk adds to moderation, per message (issue 16 target: < 0.5 ms). Every conversation of the suite
 * (data/eval/conversations/*.jsonl) is run message by message: the engine's verdict alone, then the risk layer fed that
 * verdict (the added cost), over several rounds; the median round is reported, with the 99th percentile of single
 * messages (a garbage collection or a busy core shows in the maximum, not in the layer).
 * Run: npm run bench:conversations   (options: --rounds N, --no-model)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScriptArgs } from '../scripts/args.js';
import {
  compileEngine,
  createConversationState,
  observeMessage,
  type ConversationInput,
  type Verdict,
} from '../src/engine/index.js';
import { loadLexicon, loadModel } from '../src/store/index.js';
import { median } from './engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseScriptArgs('npm run bench:conversations -- [--rounds N] [--no-model]', {
  rounds: { type: 'string', default: '7' },
  'no-model': { type: 'boolean', default: false },
});
const rounds = Number(values.rounds);
const SUITE = join(ROOT, 'data/eval/conversations');
const conversations: ConversationInput[] = readdirSync(SUITE)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((file) =>
    readFileSync(join(SUITE, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ConversationInput),
  );
const lexicon = await loadLexicon();
const engine = compileEngine(lexicon, values['no-model'] ? {} : { model: await loadModel() });
const messages = conversations.reduce((n, c) => n + c.messages.length, 0);
const chars = conversations.reduce((n, c) => n + c.messages.reduce((m, x) => m + x.text.length, 0), 0);

// The verdicts once, so the risk layer's rounds time the risk layer alone.
const verdicts: Verdict[][] = conversations.map((c) =>
  c.messages.map((m) => engine.moderate(m.text, { ageBand: 'age_12_16', surface: 'chat' })),
);

function moderateRound(): number {
  const started = performance.now();
  for (const c of conversations) for (const m of c.messages) engine.moderate(m.text, { surface: 'chat' });
  return performance.now() - started;
}

function riskRound(): { total: number; p99: number } {
  const each: number[] = [];
  let total = 0;
  conversations.forEach((c, i) => {
    const state = createConversationState();
    c.messages.forEach((m, j) => {
      const started = performance.now();
      observeMessage(state, m, j === 0 ? c.participants : {}, verdicts[i]![j]);
      const took = performance.now() - started;
      total += took;
      each.push(took);
    });
  });
  each.sort((a, b) => a - b);
  return { total, p99: each[Math.floor(each.length * 0.99)] ?? 0 };
}

moderateRound();
riskRound();
const moderate: number[] = [];
const risk: number[] = [];
const p99: number[] = [];
for (let r = 0; r < rounds; r++) {
  moderate.push(moderateRound());
  const round = riskRound();
  risk.push(round.total);
  p99.push(round.p99);
}
const us = (ms: number): string => `${((1000 * ms) / messages).toFixed(1)} µs`;
process.stdout.write(
  `# Conversation risk: cost per message\n\n${conversations.length} conversations, ${messages} messages ` +
    `(${(chars / messages).toFixed(1)} characters on average), median of ${rounds} rounds, ` +
    `${values['no-model'] ? 'no model' : 'with the model stage'}.\n\n` +
    `| per message | time |\n| --- | --- |\n` +
    `| engine.moderate (the message's own verdict) | ${us(median(moderate))} |\n` +
    `| risk layer added (observeMessage with that verdict) | ${us(median(risk))} |\n` +
    `| risk layer added, 99th percentile of single messages | ${(1000 * median(p99)).toFixed(0)} µs |\n` +
    `| target for the added cost | < 500 µs |\n`,
);
