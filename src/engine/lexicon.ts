import { AppError, type ErrorDetail } from '../lib/index.js';
import { isCategory, isSeverity, type Category, type Severity } from './taxonomy.js';
import {
  VARIANT_KINDS,
  type AllowTerm,
  type ContextTerm,
  type CueTerm,
  type Lexicon,
  type LexiconSource,
  type LexiconTerm,
  type VariantKind,
} from './types.js';

/**
 * Variant kinds a term may be matched through unless its flags say otherwise: all of them. Homophones are guarded by
 * the engine: a term matches through them only with enough syllables, or when flagged `+homophone`.
 */
export const DEFAULT_VARIANTS: readonly VariantKind[] = VARIANT_KINDS;

const isVariantKind = (value: string): value is VariantKind => (VARIANT_KINDS as readonly string[]).includes(value);

/** A term's text without the double quotes that let it hold spaces. */
const unquote = (text: string): string =>
  text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;

interface Token {
  readonly text: string;
  readonly column: number;
}

/**
 * Splits a line into whitespace-separated tokens with 1-based columns, stopping at a comment. A term in double quotes
 * may hold spaces (`"pen is"`, `~"pen is"`).
 */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(?:~~|\^\^|~|!)?"[^"]+"|\S+/gu;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m[0].startsWith('#')) break;
    tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}

/** Applies a `+kind` / `-kind` / `+all` / `-all` flag to a set of variant kinds and the set of explicit ones. */
function applyFlag(set: Set<VariantKind>, flagged: Set<VariantKind>, flag: string): string | undefined {
  const on = flag.startsWith('+');
  const name = flag.slice(1);
  const kinds = name === 'all' ? VARIANT_KINDS : isVariantKind(name) ? [name] : undefined;
  if (!kinds) return `unknown variant kind "${name}"; expected one of: all, ${VARIANT_KINDS.join(', ')}`;
  for (const kind of kinds) {
    if (on) {
      set.add(kind);
      flagged.add(kind);
    } else {
      set.delete(kind);
      flagged.delete(kind);
    }
  }
  return undefined;
}

/**
 * Parses and merges lexicon sources in order. A term line is `TERM [category] [severity] [word] [topic] [+kind|-kind …]`,
 * TERM written `|term` or `term|` for a word edge on one side only, and in double quotes when it holds spaces;
 * `!TERM` disables an earlier term, `~TERM` is an allow term, `~~TERM [category …]` a context, `^^TERM [category …]
 * [before]` a cue; `@category`, `@severity` and `@variants` set defaults for the rest of a file; `#` starts a comment.
 * Every problem is reported at once.
 *
 * @example
 * const lexicon = parseLexicon([{ name: 'mine.txt', text: '@category gambling\n赌博 high\n~博物馆\n' }]);
 * lexicon.terms[0]?.term; // '赌博'
 * @throws AppError `lexicon_invalid` with one detail (source, line, column) per problem.
 */
export function parseLexicon(sources: readonly LexiconSource[]): Lexicon {
  const errors: ErrorDetail[] = [];
  const terms = new Map<string, LexiconTerm>();
  const allows = new Map<string, AllowTerm>();
  const contexts = new Map<string, ContextTerm>();
  const cues = new Map<string, CueTerm>();

  for (const source of sources) {
    const firstError = errors.length;
    let category: Category | undefined;
    let severity: Severity = 'high';
    let variants = new Set<VariantKind>(DEFAULT_VARIANTS);
    let flagged = new Set<VariantKind>();
    // The lists of a term without flags of its own, shared by every such term until the next @variants line: a lexicon
    // of 100,000 terms held 100,000 copies of the same sixteen names.
    let plainVariants: readonly VariantKind[] = VARIANT_KINDS.filter((k) => variants.has(k));
    let plainFlagged: readonly VariantKind[] | undefined = undefined;
    const seenHere = new Map<string, number>();
    const lines = source.text.split(/\r?\n/u);
    lines.forEach((raw, index) => {
      const line = index + 1;
      const fail = (column: number, message: string): void => {
        errors.push({ source: source.name, line, column, message });
      };
      const tokens = tokenize(raw);
      const [head, ...rest] = tokens;
      if (!head) return;
      const origin = `${source.name}:${line}`;

      if (head.text.startsWith('@')) {
        const directive = head.text.slice(1);
        const value = rest[0];
        if (directive === 'variants') {
          const next = new Set<VariantKind>(DEFAULT_VARIANTS);
          const nextFlagged = new Set<VariantKind>();
          for (const token of rest) {
            const problem = /^[+-]/u.test(token.text)
              ? applyFlag(next, nextFlagged, token.text)
              : `expected +kind or -kind, got "${token.text}"`;
            if (problem) fail(token.column, problem);
          }
          variants = next;
          flagged = nextFlagged;
          plainVariants = VARIANT_KINDS.filter((k) => variants.has(k));
          plainFlagged = flagged.size > 0 ? VARIANT_KINDS.filter((k) => flagged.has(k)) : undefined;
          return;
        }
        if (!value || rest.length > 1) {
          fail(head.column, `@${directive} takes exactly one value`);
          return;
        }
        if (directive === 'category') {
          if (isCategory(value.text)) category = value.text;
          else fail(value.column, `unknown category "${value.text}"`);
        } else if (directive === 'severity') {
          if (isSeverity(value.text)) severity = value.text;
          else fail(value.column, `unknown severity "${value.text}"; expected high, medium or low`);
        } else {
          fail(head.column, `unknown directive "@${directive}"; expected @category, @severity or @variants`);
        }
        return;
      }

      if (head.text.startsWith('~~') || head.text.startsWith('^^')) {
        const cue = head.text.startsWith('^^');
        const term = unquote(head.text.slice(2));
        if (!term) return fail(head.column, `a ${cue ? 'cue' : 'context'} needs text after ${head.text.slice(0, 2)}`);
        const categories: Category[] = [];
        let before = false;
        for (const token of rest) {
          if (isCategory(token.text)) categories.push(token.text);
          else if (cue && token.text === 'before') before = true;
          else fail(token.column, `unknown category "${token.text}"${cue ? ' (or "before")' : ''}`);
        }
        if (cue) cues.set(term, before ? { term, categories, before, origin } : { term, categories, origin });
        else contexts.set(term, { term, categories, origin });
        return;
      }
      if (head.text.startsWith('~')) {
        const term = unquote(head.text.slice(1));
        if (!term) return fail(head.column, 'an allow term needs text after ~');
        if (rest[0]) return fail(rest[0].column, 'an allow term takes no other fields');
        allows.set(term, { term, origin });
        return;
      }
      if (head.text.startsWith('!')) {
        const term = unquote(head.text.slice(1));
        if (rest[0]) return fail(rest[0].column, 'a disable line takes no other fields');
        if (!terms.delete(term)) fail(head.column, `"${term}" is not defined earlier, so it cannot be disabled`);
        return;
      }

      // `|ass` needs a word edge before the term only, `ass|` after it only, `|ass|` on both sides (as `word`).
      const edgeBefore = head.text.length > 1 && head.text.startsWith('|');
      const edgeAfter = head.text.length > 1 && head.text.endsWith('|');
      let bare = head.text;
      if (bare.length > 1 && bare.startsWith('|')) bare = bare.slice(1);
      if (bare.length > 1 && bare.endsWith('|')) bare = bare.slice(0, -1);
      const term = unquote(bare);
      let termCategory = category;
      let termSeverity = severity;
      // Copied only for a term with flags of its own.
      let termVariants: Set<VariantKind> | undefined;
      let termFlagged: Set<VariantKind> | undefined;
      let wholeWord = edgeBefore && edgeAfter;
      let topic = false;
      for (const token of rest) {
        if (token.text === 'word') wholeWord = true;
        else if (token.text === 'topic') topic = true;
        else if (token.text.startsWith('+') || token.text.startsWith('-')) {
          termVariants ??= new Set(variants);
          termFlagged ??= new Set(flagged);
          const problem = applyFlag(termVariants, termFlagged, token.text);
          if (problem) fail(token.column, problem);
        } else if (isCategory(token.text)) termCategory = token.text;
        else if (isSeverity(token.text)) termSeverity = token.text;
        else
          fail(
            token.column,
            `unknown field "${token.text}"; expected a category, a severity, word, topic or +kind/-kind`,
          );
      }
      if (!termCategory) return fail(head.column, `"${term}" has no category: add one or an @category line above`);
      const earlier = seenHere.get(term);
      if (earlier !== undefined)
        return fail(head.column, `"${term}" is already defined on line ${earlier} of this file`);
      seenHere.set(term, line);
      terms.delete(term);
      terms.set(term, {
        term,
        category: termCategory,
        severity: termSeverity,
        variants: termVariants ? VARIANT_KINDS.filter((k) => termVariants.has(k)) : plainVariants,
        ...(wholeWord
          ? { wholeWord }
          : edgeBefore
            ? { wordEdge: 'start' as const }
            : edgeAfter
              ? { wordEdge: 'end' as const }
              : {}),
        ...(topic ? { topic } : {}),
        ...(termFlagged
          ? termFlagged.size > 0
            ? { flagged: VARIANT_KINDS.filter((k) => termFlagged.has(k)) }
            : {}
          : plainFlagged
            ? { flagged: plainFlagged }
            : {}),
        origin,
      });
    });
    const mine = errors
      .splice(firstError)
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    errors.push(...mine);
  }

  if (errors.length > 0) {
    throw new AppError('lexicon_invalid', `The lexicon has ${errors.length} error(s).`, errors);
  }
  return {
    terms: [...terms.values()],
    allows: [...allows.values()],
    contexts: [...contexts.values()],
    cues: [...cues.values()],
  };
}
