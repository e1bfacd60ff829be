// Moderation's tables and files: the decision log and its writer, tenant lexicons, the lexicon and model files. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './decision-log.js';
export * from './decisions.js';
export * from './lexicon-files.js';
export * from './model-file.js';
export * from './tenant-lexicon.js';
