export { compileEngine, compileLexicon, createEngine, CORE_VARIANTS } from './compile.js';
export type { CompiledLexicon, Engine, EngineOptions } from './compile.js';
export { parseLexicon, DEFAULT_VARIANTS } from './lexicon.js';
export { createNormalizer, normalize, foldString } from './normalize.js';
export type { Normalizer, View } from './normalize.js';
export {
  ACTIONS,
  AGE_BANDS,
  CATEGORIES,
  CATEGORY_TIERS,
  SEVERITIES,
  SURFACES,
  decideAction,
  isAgeBand,
  isCategory,
  isSeverity,
  strongerAction,
} from './taxonomy.js';
export type { Action, AgeBand, Category, Severity, Surface, Tier } from './taxonomy.js';
export { VARIANT_KINDS } from './types.js';
export type {
  AllowTerm,
  ContextTerm,
  Lexicon,
  LexiconSource,
  LexiconTerm,
  Match,
  ModelSignal,
  ModerateOptions,
  VariantKind,
  Verdict,
} from './types.js';
export { ACTION_LABELS, CATEGORY_LABELS, SEVERITY_LABELS, VARIANT_LABELS, formatPercent } from './labels.js';
export type { Label } from './labels.js';
export { createModel, parseModel, serializeModel, createModelScorer, weightOf } from './model/model.js';
export type { Model, ModelMeta, ModelResult, ModelScorer } from './model/model.js';
export { FeatureBuffer, extractFeatures } from './model/features.js';
export {
  MODEL_SHOWN_SCORE,
  MODEL_THRESHOLDS,
  MODEL_SUPPORT,
  modelSeverity,
  modelThresholdsFor,
} from './model/thresholds.js';
export {
  createConversationState,
  observeMessage,
  assessConversation,
  readSignals,
  scanConversation,
  summarizeSender,
  HALF_LIFE,
  SENDER_HISTORY_WINDOW,
  PARTICIPANT_ROLES,
  RISK_KINDS,
  RISK_LEVELS,
  STAGES,
} from './conversation/index.js';
export type {
  ConversationInput,
  ConversationScan,
  ConversationMessage,
  ConversationOptions,
  ConversationRisk,
  ConversationState,
  Evidence,
  MessageSignal,
  Observation,
  Participant,
  ParticipantRole,
  RiskKind,
  RiskLevel,
  SenderHistory,
  SenderRecord,
  Signal,
  Stage,
  TrackRisk,
} from './conversation/index.js';
export {
  findPersonalInfo,
  isResidentId,
  maskSpans,
  PERSONAL_INFO_KINDS,
  PERSONAL_INFO_TERMS,
  personalInfoOwner,
} from './personal-info.js';
export type { PersonalInfoFinding, PersonalInfoKind } from './personal-info.js';
