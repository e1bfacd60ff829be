/**
 * A/B of the engine: this build beside another build of qinglang (an older commit, say), in one process, runs
 * interleaved so that both see the same machine. Run:
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npx tsc -b)
 *   npx tsc -b && node dist/bench/ab.js --base /tmp/base/dist   (options: --mib N, --runs N, --core)
 * Prints the median MiB/s of each and their ratio, on the corpus of `npm run bench`.
 */
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Engine } from '../src/engine/index.js';
import * as here from '../src/engine/index.js';
import { makeCorpus, makeTerms, median } from './engine.js';
import { parseScriptArgs } from '../scripts/args.js';

type EngineModule = Pick<typeof here, 'compileEngine' | 'parseLexicon' | 'CORE_VARIANTS'>;

function build(module: EngineModule, terms: readonly string[], core: boolean): Engine {
  const lexicon = module.parseLexicon([{ name: 'bench', text: `@category gambling\n${terms.join('\n')}\n` }]);
  return module.compileEngine(lexicon, core ? { variants: module.CORE_VARIANTS } : {});
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs('npm run bench:ab -- --base DIST [--mib N] [--runs N] [--core]', {
    base: { type: 'string' },
    mib: { type: 'string', default: '10' },
    runs: { type: 'string', default: '7' },
    core: { type: 'boolean', default: false },
  });
  if (values.base === undefined) throw new Error('--base <dist directory of the other build> is required');
  const baseUrl = pathToFileURL(resolve(values.base, 'src/engine/index.js')).href;
  const base = (await import(baseUrl)) as EngineModule;
  const terms = makeTerms(2000);
  const texts = makeCorpus(terms, Number(values.mib) * 1048576);
  const mib = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1048576;
  const engines = { base: build(base, terms, values.core), this: build(here, terms, values.core) };
  const run = (engine: Engine): number => {
    const started = performance.now();
    for (const text of texts) engine.moderate(text);
    return mib / ((performance.now() - started) / 1000);
  };
  run(engines.base);
  run(engines.this);
  const rates = { base: [] as number[], this: [] as number[] };
  // The order alternates: whichever runs second in a pair tends to find the machine in another state.
  for (let r = 0; r < Number(values.runs); r++) {
    if (r % 2 === 0) {
      rates.base.push(run(engines.base));
      rates.this.push(run(engines.this));
    } else {
      rates.this.push(run(engines.this));
      rates.base.push(run(engines.base));
    }
  }
  const [b, t] = [median(rates.base), median(rates.this)];
  const mode = values.core ? 'core stages' : 'every view';
  console.log(`${mode}: base ${b.toFixed(1)} MiB/s, this build ${t.toFixed(1)} MiB/s, ratio ${(t / b).toFixed(3)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
