import { parseArgs } from 'node:util';
import { compileEngine, parseLexicon, VARIANT_KINDS } from '../engine/index.js';
import { AppError } from '../lib/index.js';
import { loadDefaultLexiconSources, readLexiconSources } from '../store/index.js';
import type { Io } from './io.js';

export const LEXICON_HELP = `qinglang lexicon check FILE… [--on-default]
  Parses and compiles lexicon files and reports every error with file, line and column.
  --on-default         check the files layered on top of the default lexicon (for files that disable default terms)`;

/** `qinglang lexicon check FILE…`. */
export async function runLexicon(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new AppError('usage', LEXICON_HELP);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'on-default': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new AppError('usage', `lexicon check needs at least one file.\n${LEXICON_HELP}`);
  const files = await readLexiconSources(positionals);
  const base = values['on-default'] ? await loadDefaultLexiconSources() : [];
  const lexicon = parseLexicon([...base, ...files]);
  const engine = compileEngine(lexicon);
  // Every term must match its own text (contact findings aside, which absorb keyword terms): one that does not is
  // hidden by an allow term.
  const selfTest = compileEngine(lexicon, { variants: VARIANT_KINDS.filter((k) => k !== 'contact') });
  const warnings = lexicon.terms
    .filter((t) => !selfTest.moderate(t.term).matches.some((m) => m.term === t.term))
    .map((t) => `  ${t.origin}: "${t.term}" never matches its own text (an allow term overlaps it?)`);
  if (warnings.length > 0) io.stderr.write(`警告 warnings: ${warnings.length}\n${warnings.join('\n')}\n`);
  const byCategory = new Map<string, number>();
  for (const t of lexicon.terms) byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
  io.stdout.write(
    `通过 ok: ${engine.termCount} 词条 terms, ${lexicon.allows.length} 例外 allow terms, ${lexicon.contexts.length} 语境 contexts in ${files.length} file(s)\n` +
      [...byCategory].map(([c, n]) => `  ${c}: ${n}`).join('\n') +
      '\n',
  );
  return 0;
}
