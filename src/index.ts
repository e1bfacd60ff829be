// The package's entry: the engine, the youth-mode policy, and reading lexicon files
// (`import { compileEngine, loadLexicon, decide } from 'qinglang'`).
export * from './engine/index.js';
export * from './policy/index.js';
export {
  DEFAULT_LEXICON_DIR,
  DEFAULT_MODEL_FILE,
  loadDefaultLexiconSources,
  loadLexicon,
  loadModel,
  readLexiconSources,
} from './store/index.js';
export { AppError, ERROR_CODES, isAppError } from './lib/index.js';
export type { ErrorCode, ErrorDetail } from './lib/index.js';
