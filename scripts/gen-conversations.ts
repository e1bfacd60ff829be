/**
 * Renders the conversation suite's scenario templates (data/eval/conversations/*.scenarios) into the JSON lines
 * that `qinglang conversations scan` reads and `npm run eval -- --only conversations` scores, each with its annotation in
 * `label`. Deterministic: the same templates and seed give the same files.
 * Run: tsc -b && node dist/scripts/gen-conversations.js   (options: --seed N, --variants N)
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScriptArgs } from './args.js';
import { parseScenarios, renderScenarios } from './eval/conversation-scenarios.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, 'data/eval/conversations');
const { values } = parseScriptArgs('gen-conversations [--seed N] [--variants N]', {
  seed: { type: 'string', default: '16' },
  variants: { type: 'string', default: '5' },
});
const seed = Number(values.seed);
const variants = Number(values.variants);
// Every part of the suite: dev (tuned on) and the held-out parts (test, test-r6, …), one .scenarios file each.
const splits = readdirSync(DIR)
  .filter((f) => f.endsWith('.scenarios'))
  .map((f) => f.slice(0, -'.scenarios'.length));
for (const split of splits) {
  const file = join(DIR, `${split}.scenarios`);
  const templates = parseScenarios(readFileSync(file, 'utf8'), `${split}.scenarios`);
  const rows = renderScenarios(templates, split, seed, variants);
  writeFileSync(join(DIR, `${split}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const risky = rows.filter((r) => r.label.kind !== null).length;
  process.stdout.write(`${split}: ${templates.length} scenarios, ${rows.length} conversations (${risky} risky)\n`);
}
