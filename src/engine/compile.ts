import { AppError, type ErrorDetail } from '../lib/index.js';
import { findContacts } from './contact.js';
import { findPersonalInfo } from './personal-info.js';
import { CONTACT_GATE_TABLE, mayFindContactsAt } from './contact/windows.js';
import { decide, type Candidate, type TermShape } from './decide.js';
import { CHAR_CLASS, INITIALS_BIT, VIA_BIT, isHan } from './fold.js';
import { LayerBuilder, PATTERN_KIND, createLayer, type LayerOptions, type LayerTables } from './layer.js';
import { createNormalizer, Hints, normalize, ViewBuffer, type Normalizer, type View } from './normalize.js';
import { createModelScorer, type Model, type ModelResult } from './model/model.js';
import { regionalForm } from './regional.js';
import { scanExact } from './scan.js';
import { SYLLABLES, firstReadingOf, readingsOf } from './tables/pinyin.js';
import type { Severity } from './taxonomy.js';
import { VARIANT_KINDS, type Lexicon, type ModerateOptions, type VariantKind, type Verdict } from './types.js';
import {
  createSubstitutionTables,
  createSyllableFilter,
  soundWindows,
  isEmptySubstitution,
  substitute,
  substituteTermChar,
  syllableUnit,
  toPinyin,
  type SubstitutionTables,
  type SyllableFilter,
} from './views.js';

/** The variant kinds of the engine core: character folding, separators and repeats. */
export const CORE_VARIANTS: readonly VariantKind[] = [
  'width',
  'case',
  'invisible',
  'traditional',
  'confusable',
  'leet',
  'separator',
  'repeat',
];

export interface EngineOptions {
  /** Variant kinds to see through; `[]` matches the text exactly as written. Default: every kind the engine has. */
  readonly variants?: readonly VariantKind[];
  /**
   * How many separator units may stand between two characters of a term. Default: any run of them within a line
   * (毛-----主-----席); a line break ends a term unless `crossLines`.
   */
  readonly maxSkip?: number;
  /** Let a term continue across a line break (counted as a separator). Default false. */
  readonly crossLines?: boolean;
  /** A term not flagged `+homophone` matches through homophones only with at least this many syllables. Default 3. */
  readonly homophoneMinSyllables?: number;
  /** A homophone match must keep at least this many of the term's own characters. Default 0. */
  readonly homophoneExactChars?: number;
  /** An acrostic must spell a term of at least this many characters. Default 3. */
  readonly acrosticMinLength?: number;
  /** The model stage: scores every category it knows, explains them, and joins the verdict. Absent: words alone. */
  readonly model?: Model;
}

/** A compiled lexicon, ready to moderate text. */
export interface Engine {
  readonly termCount: number;
  readonly allowCount: number;
  readonly variants: readonly VariantKind[];
  /** The model stage's weights, when the engine has one. */
  readonly model?: Model;
  /**
   * Finds every term in the text and decides the action. Never throws on any string.
   *
   * @example
   * engine.moderate('想賭＊博的私聊').matches[0]?.via; // ['traditional', 'separator']
   */
  moderate(text: string, options?: ModerateOptions): Verdict;
}

const isLatinLetter = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;
const severityRank = (s: Severity): number => (s === 'high' ? 3 : s === 'medium' ? 2 : 1);

function viaBits(kinds: readonly VariantKind[]): number {
  let bits = 0;
  for (const k of kinds) bits |= VIA_BIT[k];
  return bits;
}

/** The code points of a term that the matcher compares (folded, separators dropped) and the stages it needed. */
function termUnits(normalizer: Normalizer, term: string, buffer: ViewBuffer): { cps: number[]; via: number } {
  const view = normalize(normalizer, term, buffer);
  const cps: number[] = [];
  let via = 0;
  for (let u = 0; u < view.length; u++) {
    if (view.cls[u] !== CHAR_CLASS.regular) continue;
    cps.push(view.cp[u]!);
    via |= view.via[u]!;
  }
  return { cps, via };
}

/** Every syllable spelling of a Han term (one per combination of readings, at most `limit`), or none if not all Han. */
function syllableSpellings(cps: readonly number[], limit = 4): number[][] {
  for (const cp of cps) if (!isHan(cp) || readingsOf(cp).length === 0) return [];
  // Combinations in the order of the readings, the first character's varying slowest: the first `limit` of them.
  const spellings: number[][] = [];
  const choice = new Array<number>(cps.length).fill(0);
  while (spellings.length < limit) {
    spellings.push(cps.map((cp, i) => syllableUnit(readingsOf(cp)[choice[i]!]!)));
    let i = cps.length - 1;
    while (i >= 0 && ++choice[i]! === readingsOf(cps[i]!).length) choice[i--] = 0;
    if (i < 0) break;
  }
  return spellings;
}

/** The ways of writing each numeral 0–9: digits, Han numerals, and the financial forms (壹贰叁) of cheques and scams. */
const NUMERAL_WRITINGS: readonly string[] = [
  '0123456789',
  '零一二三四五六七八九',
  '〇一二三四五六七八九',
  '零壹贰叁肆伍陆柒捌玖',
];
const NUMERAL_VALUE: ReadonlyMap<number, number> = new Map(
  NUMERAL_WRITINGS.flatMap((writing) => [...writing].map((c, value) => [c.codePointAt(0)!, value] as const)),
);

/** One byte per BMP code point: 1 for a numeral of NUMERAL_WRITINGS (every term's characters are asked). */
const NUMERAL_TABLE = new Uint8Array(0x10000);
for (const cp of NUMERAL_VALUE.keys()) NUMERAL_TABLE[cp] = 1;
const isNumeral = (cp: number): boolean => cp < 0x10000 && NUMERAL_TABLE[cp] === 1;

/**
 * A term's numerals written each other way (下三滥 as 下3滥 and 下叁滥, 91视频 as 九一视频), one form a writing, when
 * the term holds a numeral and something else: a term of numerals alone (三八) is a number in every other writing.
 */
function numeralForms(cps: readonly number[]): number[][] {
  if (!cps.some(isNumeral) || cps.every(isNumeral)) return [];
  const own = cps.join(',');
  const forms = new Map<string, number[]>();
  for (const writing of NUMERAL_WRITINGS) {
    const digits = [...writing].map((c) => c.codePointAt(0)!);
    const form = cps.map((cp) => {
      const value = NUMERAL_VALUE.get(cp);
      return value === undefined ? cp : digits[value]!;
    });
    const key = form.join(',');
    if (key !== own) forms.set(key, form);
  }
  return [...forms.values()];
}

/** The first letters of the first readings of a Han term of two characters or more (傻逼 → sb), or undefined. */
function initialsOf(cps: readonly number[]): number[] | undefined {
  if (cps.length < 2) return undefined;
  const letters: number[] = [];
  for (const cp of cps) {
    const reading = isHan(cp) ? firstReadingOf(cp) : -1;
    if (reading < 0) return undefined;
    letters.push(SYLLABLES[reading]!.charCodeAt(0));
  }
  return letters;
}

/**
 * How far around a rewritten unit a match through it can reach, in units that are not separators (the side views'
 * windows step over runs of separators): the longest pattern with room for repeats and filler. A match through a
 * rewrite that is padded with more repeats than that is not found.
 */
function reachOf(layer: LayerTables): number {
  return layer.maxLength * 4 + 4;
}

/**
 * The terms' shapes, each made when the verdict first asks for it (only for a match found by sound): a set per term
 * was 40 MB for 100,000 terms, and most are never read. An array to its reader, filled in on the way.
 */
function lazyShapes(chars: Int32Array, starts: Int32Array): readonly TermShape[] {
  const made: TermShape[] = [];
  made.length = starts.length - 1;
  return new Proxy(made, {
    get(target, key, receiver) {
      const entry = typeof key === 'string' ? Number(key) : Number.NaN;
      if (!(Number.isInteger(entry) && entry >= 0 && entry < target.length))
        return Reflect.get(target, key, receiver) as unknown;
      let shape = target[entry];
      if (shape === undefined) {
        const cps = Array.from(chars.subarray(starts[entry], starts[entry + 1]));
        target[entry] = shape = { chars: cps, han: new Set(cps.filter(isHan)) };
      }
      return shape;
    },
  });
}

/**
 * Compiles a lexicon into an engine. Every term, allow term and context goes through exactly the stages the text does;
 * each further view (substitutions, pinyin) gets an automaton of the terms that may be matched through it.
 *
 * @example
 * const engine = compileEngine(parseLexicon([{ name: 'x', text: '赌博 gambling high' }]));
 * engine.moderate('赌赌赌博博').matches[0]?.via; // ['repeat']
 * @throws AppError `lexicon_invalid` when a term is nothing but separators or invisible characters.
 */
export function compileEngine(lexicon: Lexicon, options: EngineOptions = {}): Engine {
  return createEngine(compileLexicon(lexicon, options), options.model);
}

/**
 * A compiled lexicon as plain data: typed arrays, maps, sets and plain objects, nothing with code. Structured clone
 * copies it, so a worker thread can compile a lexicon and hand the result to the thread that moderates (transferring
 * the typed arrays' buffers), which turns it into an engine with `createEngine` in a moment.
 */
export interface CompiledLexicon {
  readonly lexicon: Lexicon;
  readonly variants: readonly VariantKind[];
  readonly maxSkip: number;
  readonly acrosticMinLength: number;
  readonly homophoneExactChars: number;
  /** Every term's folded characters, term after term: term i's are termChars[termCharStart[i] .. termCharStart[i + 1]). */
  readonly termChars: Int32Array;
  readonly termCharStart: Int32Array;
  readonly main: LayerTables;
  readonly substitution?: { readonly tables: SubstitutionTables; readonly layer: LayerTables; readonly reach: number };
  readonly pinyin?: {
    readonly layer: LayerTables;
    readonly hanSymbols: Int32Array;
    readonly filter: SyllableFilter;
    readonly reach: number;
  };
}

/**
 * Compiles a lexicon into its tables, the costly half of `compileEngine` (the model stage is not part of it).
 *
 * @example
 * const compiled = compileLexicon(parseLexicon([{ name: 'x', text: '赌博 gambling high' }]));
 * createEngine(compiled).moderate('赌博').flagged; // true
 * @throws AppError `lexicon_invalid` when a term is nothing but separators or invisible characters.
 */
export function compileLexicon(lexicon: Lexicon, options: Omit<EngineOptions, 'model'> = {}): CompiledLexicon {
  const variants = options.variants ?? VARIANT_KINDS;
  const maxSkip = options.maxSkip ?? Number.POSITIVE_INFINITY;
  const crossLines = options.crossLines ?? false;
  const homophoneMinSyllables = options.homophoneMinSyllables ?? 3;
  const acrosticMinLength = options.acrosticMinLength ?? 3;
  for (const [name, value] of Object.entries({ maxSkip, homophoneMinSyllables, acrosticMinLength })) {
    if ((!Number.isInteger(value) && value !== Number.POSITIVE_INFINITY) || value < 0)
      throw new AppError('validation_failed', `${name} must be a whole number ≥ 0`);
  }
  const on = (kind: VariantKind): boolean => variants.includes(kind);
  const exact = variants.length === 0;
  const normalizer = createNormalizer(variants);
  const layerOptions: LayerOptions = { repeat: on('repeat'), separators: on('separator'), maxSkip, crossLines };
  const prefer = (a: number, b: number): boolean =>
    severityRank(lexicon.terms[a]!.severity) > severityRank(lexicon.terms[b]!.severity);

  // Every term once, folded; its characters let the verdict judge homophones against the term's own.
  const errors: ErrorDetail[] = [];
  const termBuffer = new ViewBuffer();
  const fold = (text: string, origin: string): { cps: number[]; via: number } => {
    if (exact)
      return { cps: [...text].flatMap((c) => [...Array(c.length).keys()].map((k) => c.charCodeAt(k))), via: 0 };
    const units = termUnits(normalizer, text, termBuffer);
    if (units.cps.length === 0) {
      const [source, line] = origin.split(/:(?=\d+$)/u);
      errors.push({
        source: source ?? origin,
        line: Number(line),
        column: 1,
        message: `"${text}" has nothing to match once separators and invisible characters are removed`,
      });
    }
    return units;
  };
  const terms = lexicon.terms.map((t) => fold(t.term, t.origin));
  const allows = lexicon.allows.map((a) => fold(a.term, a.origin));
  const contexts = lexicon.contexts.map((c) => fold(c.term, c.origin));
  const cues = lexicon.cues.map((c) => fold(c.term, c.origin));
  if (errors.length > 0) throw new AppError('lexicon_invalid', `The lexicon has ${errors.length} error(s).`, errors);
  const termCharStart = new Int32Array(terms.length + 1);
  terms.forEach(({ cps }, i) => (termCharStart[i + 1] = termCharStart[i]! + cps.length));
  const termChars = new Int32Array(termCharStart[terms.length]!);
  terms.forEach(({ cps }, i) => termChars.set(cps, termCharStart[i]));
  // Each term's variant kinds as bits, read once: the loops below ask for them again and again.
  const kindBits = Int32Array.from(lexicon.terms, (t) => viaBits(t.variants));
  const termMay = (entry: number, kind: VariantKind): boolean => (kindBits[entry]! & VIA_BIT[kind]) !== 0;

  const edgesOf = (cps: readonly number[], t: Lexicon['terms'][number]): number =>
    (t.wholeWord === true || t.wordEdge === 'start' ? (isLatinLetter(cps[0]!) ? 1 : 0) : 0) |
    (t.wholeWord === true || t.wordEdge === 'end' ? (isLatinLetter(cps[cps.length - 1]!) ? 2 : 0) : 0);

  // The folded view: every term, allow term, context and cue.
  const main = new LayerBuilder(layerOptions, prefer);
  lexicon.terms.forEach((t, entry) => {
    const { cps, via } = terms[entry]!;
    // What the term itself needed to normalize (a term written in traditional characters) is not a disguise.
    const allowedVia = kindBits[entry]! | via;
    const edges = edgesOf(cps, t);
    main.add({ units: cps, kind: PATTERN_KIND.term, entry, allowedVia, edges, digits: true });
  });
  // Numerals written another way come after every term as written, so that a term spelled so (快三平台 beside 快3平台)
  // keeps its own pattern.
  if (on('numerals')) {
    lexicon.terms.forEach((t, entry) => {
      if (!termMay(entry, 'numerals')) return;
      const { cps, via } = terms[entry]!;
      const allowedVia = kindBits[entry]! | via;
      const edges = edgesOf(cps, t);
      for (const units of numeralForms(cps))
        main.add({ units, kind: PATTERN_KIND.term, entry, allowedVia, edges, digits: true, via: VIA_BIT.numerals });
    });
  }
  // Words Taiwan and Hong Kong write differently (软件 as 軟體, 源代码 as 原始碼), after every term as written; allow terms
  // likewise below, so an allowed phrase stays allowed in either wording.
  if (on('traditional')) {
    lexicon.terms.forEach((t, entry) => {
      if (!termMay(entry, 'traditional')) return;
      const { cps, via } = terms[entry]!;
      const units = regionalForm(cps);
      if (units === undefined) return;
      const allowedVia = kindBits[entry]! | via;
      main.add({
        units,
        kind: PATTERN_KIND.term,
        entry,
        allowedVia,
        edges: edgesOf(cps, t),
        digits: true,
        via: VIA_BIT.traditional,
      });
    });
  }
  // Pinyin initials of every Han term of two syllables or more (sb, nmsl, szp), as whole Latin words, unless the lexicon
  // writes them itself: a weak reading the verdict reports only beside support.
  if (on('pinyin')) {
    // Initials are Latin letters: only entries of Latin letters alone can write them.
    const written = new Set<string>();
    for (const { cps } of [...terms, ...allows, ...contexts, ...cues])
      if (cps.every(isLatinLetter)) written.add(cps.join(','));
    lexicon.terms.forEach((_t, entry) => {
      if (!termMay(entry, 'pinyin')) return;
      const { cps, via } = terms[entry]!;
      const units = initialsOf(cps);
      if (units === undefined || (written.size > 0 && written.has(units.join(',')))) return;
      main.add({
        units,
        kind: PATTERN_KIND.term,
        entry,
        allowedVia: kindBits[entry]! | via,
        edges: 3,
        digits: true,
        via: VIA_BIT.pinyin | INITIALS_BIT,
      });
    });
  }
  allows.forEach(({ cps }, entry) => {
    main.add({ units: cps, kind: PATTERN_KIND.allow, entry, allowedVia: 0, edges: 0, digits: true });
    const regional = on('traditional') ? regionalForm(cps) : undefined;
    if (regional) main.add({ units: regional, kind: PATTERN_KIND.allow, entry, allowedVia: 0, edges: 0, digits: true });
  });
  contexts.forEach(({ cps }, entry) =>
    main.add({ units: cps, kind: PATTERN_KIND.context, entry, allowedVia: 0, edges: 0, digits: true }),
  );
  cues.forEach(({ cps }, entry) =>
    main.add({ units: cps, kind: PATTERN_KIND.cue, entry, allowedVia: 0, edges: 0, digits: true }),
  );
  const mainLayer = main.buildTables();

  // The substitution view: terms that may be matched through look-alikes, emoji or split characters.
  let substitution: CompiledLexicon['substitution'];
  if (!exact && (on('lookalike') || on('emoji') || on('split') || on('leet'))) {
    const rewrites = VIA_BIT.lookalike | VIA_BIT.emoji | VIA_BIT.split | VIA_BIT.leet;
    const substitutable = (entry: number): boolean => (kindBits[entry]! & rewrites) !== 0;
    const tables = createSubstitutionTables(
      terms.flatMap(({ cps }, entry) => (substitutable(entry) ? [cps] : [])),
      {
        lookalike: on('lookalike'),
        emoji: on('emoji'),
        split: on('split'),
        leet: on('leet'),
      },
    );
    if (!isEmptySubstitution(tables)) {
      const builder = new LayerBuilder(layerOptions, prefer);
      lexicon.terms.forEach((t, entry) => {
        const { cps, via } = terms[entry]!;
        // A term none of whose characters a rewrite can produce is matched by the folded view alone.
        if (!substitutable(entry) || !cps.some((cp) => tables.produces.has(cp))) return;
        const units = cps.map((cp) => substituteTermChar(tables, cp));
        builder.add({
          units,
          kind: PATTERN_KIND.term,
          entry,
          allowedVia: kindBits[entry]! | via,
          edges: edgesOf(cps, t),
          digits: true,
        });
      });
      const layer = builder.buildTables();
      substitution = { tables, layer, reach: reachOf(layer) };
    }
  }

  // The pinyin view: Han terms by syllables, for pinyin spellings (dubo, 赌bo) and, where allowed, homophones (堵搏).
  // Spelled pinyin is matched around Latin runs; homophones around places where an allowed term's first syllables occur
  // in a row (a cheap n-gram filter), reading Han characters straight as syllable symbols.
  let pinyin: CompiledLexicon['pinyin'];
  if (!exact && (on('pinyin') || on('homophone'))) {
    const builder = new LayerBuilder(layerOptions);
    const homophoneSpellings: number[][] = [];
    lexicon.terms.forEach((t, entry) => {
      const pinyinOk = on('pinyin') && termMay(entry, 'pinyin');
      const cps = terms[entry]!.cps;
      const homophoneOk =
        on('homophone') &&
        termMay(entry, 'homophone') &&
        ((t.flagged ?? []).includes('homophone') || cps.length >= homophoneMinSyllables);
      if (!pinyinOk && !homophoneOk) return;
      let allowedVia = kindBits[entry]! | terms[entry]!.via;
      if (!pinyinOk) allowedVia &= ~VIA_BIT.pinyin;
      if (!homophoneOk) allowedVia &= ~VIA_BIT.homophone;
      for (const units of syllableSpellings(cps)) {
        builder.add({ units, kind: PATTERN_KIND.term, entry, allowedVia, edges: 0 });
        if (homophoneOk) homophoneSpellings.push(units);
      }
    });
    if (builder.size > 0) {
      const layer = builder.buildTables();
      const hanSymbols = new Int32Array(0x10000);
      for (let cp = 0x3400; cp <= 0x9fff; cp++) {
        const reading = readingsOf(cp)[0];
        if (reading !== undefined) hanSymbols[cp] = layer.alphabet.bmp[syllableUnit(reading)]!;
      }
      pinyin = { layer, hanSymbols, filter: createSyllableFilter(homophoneSpellings), reach: reachOf(layer) };
    }
  }

  return {
    lexicon,
    variants,
    maxSkip,
    acrosticMinLength,
    homophoneExactChars: options.homophoneExactChars ?? 0,
    termChars,
    termCharStart,
    main: mainLayer,
    ...(substitution ? { substitution } : {}),
    ...(pinyin ? { pinyin } : {}),
  };
}

/**
 * The engine over a compiled lexicon, with the model stage when one is given: scanners and buffers are allocated, the
 * tables are used as they are.
 *
 * @example
 * const engine = createEngine(compileLexicon(parseLexicon([{ name: 'x', text: '赌博 gambling high' }])));
 * engine.moderate('赌博').flagged; // true
 */
export function createEngine(compiled: CompiledLexicon, model?: Model): Engine {
  const { lexicon, variants, maxSkip, acrosticMinLength } = compiled;
  const shapes = lazyShapes(compiled.termChars, compiled.termCharStart);
  const on = (kind: VariantKind): boolean => variants.includes(kind);
  const exact = variants.length === 0;
  const normalizer = createNormalizer(variants);
  const mainLayer = createLayer(compiled.main);
  const substitution = compiled.substitution && {
    ...compiled.substitution,
    layer: createLayer(compiled.substitution.layer),
  };
  const pinyin = compiled.pinyin && { ...compiled.pinyin, layer: createLayer(compiled.pinyin.layer) };
  const mainBuffer = new ViewBuffer();
  // What the normalizer notices for the side views: the substitution view's trigger units, letter pairs, line breaks,
  // and the contact gate's notes, so that most texts skip the contact detector's own pass.
  const contactsOn = on('contact');
  const hints = new Hints(
    substitution ? substitution.tables.marks : new Uint8Array(0x10000),
    contactsOn ? CONTACT_GATE_TABLE : undefined,
  );
  const sideBuffers: ViewBuffer[] = [];
  const pinyinBuffer = new ViewBuffer();
  const soundBuffer = new ViewBuffer();
  const acrosticBuffer = new ViewBuffer();
  const settings = { homophoneExactChars: compiled.homophoneExactChars, acrosticMinLength };

  // The model reads the view with every fold on, whatever this engine matches through; it reuses the main view when the
  // engine's own folds are those.
  const scorer = model ? createModelScorer(model) : undefined;
  const modelNormalizer = variants.length === VARIANT_KINDS.length ? undefined : createNormalizer(VARIANT_KINDS);
  const modelBuffer = new ViewBuffer();
  const score = (input: string, view: View | undefined, moderateOptions: ModerateOptions): ModelResult | undefined => {
    if (!scorer) return undefined;
    const read = view && !modelNormalizer ? view : normalize(modelNormalizer ?? normalizer, input, modelBuffer);
    return scorer.score(read, input, moderateOptions.ageBand ?? 'age_12_16', moderateOptions.modelThreshold);
  };

  return {
    termCount: lexicon.terms.length,
    allowCount: lexicon.allows.length,
    variants,
    ...(model ? { model } : {}),
    moderate(text, moderateOptions = {}) {
      const input = typeof text === 'string' ? text : String(text);
      if (exact) {
        const raw = scanExact(mainLayer.settings, input);
        const model = score(input, undefined, moderateOptions);
        return decide({
          lexicon,
          shapes,
          text: input,
          options: moderateOptions,
          settings,
          found: [{ layer: 'exact', raw, patterns: mainLayer.settings.patterns }],
          personal: findPersonalInfo(input, []),
          ...(model ? { model } : {}),
        });
      }
      const view = normalize(normalizer, input, mainBuffer, hints);
      const model = score(input, view, moderateOptions);
      const found: Candidate[] = [
        { layer: 'main', raw: mainLayer.scanner.scan(view), view, patterns: mainLayer.settings.patterns },
      ];
      if (substitution) {
        const { tables, layer, reach } = substitution;
        for (const alt of substitute(tables, view, sideBuffers, reach, hints)) {
          found.push({
            layer: 'substitution',
            raw: layer.scanner.scan(alt),
            view: alt,
            patterns: layer.settings.patterns,
          });
        }
      }
      if (pinyin) {
        const { layer, hanSymbols, filter, reach } = pinyin;
        const patterns = layer.settings.patterns;
        const exactTerms = found[0]!.raw.filter(
          (m) => mainLayer.settings.patterns.kind[m.pattern] === PATTERN_KIND.term,
        );
        const near = soundWindows(filter, view, maxSkip, reach, soundBuffer, exactTerms);
        if (near)
          found.push({
            layer: 'pinyin',
            raw: layer.scanner.scan(near, hanSymbols),
            view: near,
            patterns,
            mainView: view,
          });
        const runs = hints.letterRuns();
        const spelled = hints.letterPair ? toPinyin(view, pinyinBuffer, reach, runs) : undefined;
        if (spelled)
          found.push({
            layer: 'pinyin',
            raw: layer.scanner.scan(spelled, layer.symbols),
            view: spelled,
            patterns,
            mainView: view,
          });
      }
      if (on('acrostic')) {
        const heads = hints.lineBreak ? acrosticView(view, acrosticBuffer) : undefined;
        if (heads) {
          const raw = mainLayer.scanner.scan(heads).filter((m) => m.endUnit - m.startUnit + 1 >= acrosticMinLength);
          for (const m of raw) m.via |= VIA_BIT.acrostic;
          found.push({ layer: 'acrostic', raw, view: heads, patterns: mainLayer.settings.patterns });
        }
      }
      const contacts =
        contactsOn && mayFindContactsAt(input, hints.rawAt, hints.rawCount)
          ? findContacts(input, { crossLines: true })
          : [];
      return decide({
        lexicon,
        shapes,
        text: input,
        options: moderateOptions,
        settings,
        found,
        contacts,
        personal: findPersonalInfo(input, contacts),
        ...(model ? { model } : {}),
      });
    },
  };
}

/**
 * The acrostic view: the first characters of consecutive lines, and the last ones, each sequence on its own, so that
 * 藏头 and 藏尾 spell their term in a row. Undefined when the text has fewer than two lines.
 */
function acrosticView(view: View, buffer: ViewBuffer): View | undefined {
  const lineHeads: number[] = [];
  const lineTails: number[] = [];
  let lineStart = true;
  let lastRegular = -1;
  for (let u = 0; u < view.length; u++) {
    const cls = view.cls[u];
    if (cls === CHAR_CLASS.lineBreak) {
      if (lastRegular >= 0 && !lineStart) lineTails.push(lastRegular);
      lineStart = true;
      continue;
    }
    if (cls !== CHAR_CLASS.regular) continue;
    if (lineStart) lineHeads.push(u);
    lineStart = false;
    lastRegular = u;
  }
  if (lastRegular >= 0 && !lineStart) lineTails.push(lastRegular);
  const sequences = [lineHeads, lineTails].filter((s) => s.length >= 2);
  if (sequences.length === 0) return undefined;
  let n = 0;
  buffer.ensure(lineHeads.length + lineTails.length + sequences.length + 16);
  for (const sequence of sequences) {
    for (const u of sequence)
      buffer.put(n++, view.cp[u]!, CHAR_CLASS.regular, view.via[u]!, 0, view.start[u]!, view.end[u]!);
    // A line break between sequences keeps a term from running from one into the next.
    buffer.put(n++, 0x0a, CHAR_CLASS.lineBreak, 0, 0, 0, 0);
  }
  return buffer.view(n);
}
