import {
  compileEngine,
  isAgeBand,
  type AgeBand,
  type Engine,
  type EngineOptions,
  type Model,
} from '../engine/index.js';
import { AppError, isAppError } from '../lib/index.js';
import { DEFAULT_MODEL_FILE, loadLexicon, loadModel } from '../store/index.js';

/** Options every engine-backed command shares, in node:util parseArgs form. */
export const ENGINE_ARG_OPTIONS = {
  lexicon: { type: 'string', multiple: true },
  'no-default': { type: 'boolean' },
  'age-band': { type: 'string' },
  'max-skip': { type: 'string' },
  'cross-lines': { type: 'boolean' },
  exact: { type: 'boolean' },
  model: { type: 'string' },
  'no-model': { type: 'boolean' },
} as const;

export interface EngineArgs {
  readonly lexicon?: string[] | undefined;
  readonly 'no-default'?: boolean | undefined;
  readonly 'age-band'?: string | undefined;
  readonly 'max-skip'?: string | undefined;
  readonly 'cross-lines'?: boolean | undefined;
  readonly exact?: boolean | undefined;
  readonly model?: string | undefined;
  readonly 'no-model'?: boolean | undefined;
}

export const ENGINE_ARG_HELP = `  --lexicon FILE       add a lexicon file on top of the default one (repeatable)
  --no-default         use only the --lexicon files
  --age-band BAND      under_3 | age_3_8 | age_8_12 | age_12_16 (default) | age_16_18 | adult
  --max-skip N         separators allowed between two characters of a term (default 3)
  --cross-lines        let terms continue across line breaks
  --exact              match the text exactly as written (no variant stages)
  --model FILE         the model stage's weights (default: the shipped data/model/qinglang.model)
  --no-model           words alone: no model scores or signals`;

/** Builds the engine and the age band from the shared options; bad values are `usage` errors. */
export async function engineFromArgs(args: EngineArgs): Promise<{ engine: Engine; ageBand: AgeBand }> {
  const ageBand = args['age-band'] ?? 'age_12_16';
  if (!isAgeBand(ageBand)) throw new AppError('usage', `--age-band: unknown age band "${ageBand}"`);
  const options: { -readonly [K in keyof EngineOptions]: EngineOptions[K] } = {};
  if (args['max-skip'] !== undefined) {
    const maxSkip = Number(args['max-skip']);
    if (!Number.isInteger(maxSkip) || maxSkip < 0) throw new AppError('usage', '--max-skip takes a whole number ≥ 0');
    options.maxSkip = maxSkip;
  }
  if (args['cross-lines']) options.crossLines = true;
  if (args.exact) options.variants = [];
  const lexicon = await loadLexicon(args.lexicon ?? [], { replaceDefault: args['no-default'] ?? false });
  if (lexicon.terms.length === 0) throw new AppError('lexicon_empty', 'The lexicon has no terms.');
  const model = await modelFromArgs(args);
  if (model !== undefined) options.model = model;
  return { engine: compileEngine(lexicon, options), ageBand };
}

/** The model `--model` names, the shipped one by default, or none with `--no-model`; a file that cannot be read says how to do without. */
async function modelFromArgs(args: EngineArgs): Promise<Model | undefined> {
  if (args['no-model']) {
    if (args.model !== undefined) throw new AppError('usage', '--model and --no-model exclude each other');
    return undefined;
  }
  const file = args.model ?? DEFAULT_MODEL_FILE;
  try {
    return await loadModel(file);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const hint =
      args.model === undefined ? '--no-model runs without the model stage' : 'check --model, or use --no-model';
    throw new AppError(error.code, `${error.message.replace(/\.$/, '')} (${hint})`, error.details);
  }
}
