// The package's entry: the engine, and reading lexicon files (`import { compileEngine, loadLexicon } from 'qinglang'`).
export * from './engine/index.js';
export { DEFAULT_LEXICON_DIR, loadDefaultLexiconSources, loadLexicon, readLexiconSources } from './store/index.js';
export { AppError, ERROR_CODES, isAppError } from './lib/index.js';
export type { ErrorCode, ErrorDetail } from './lib/index.js';
