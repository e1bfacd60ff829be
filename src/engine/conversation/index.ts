export { createConversationState, observeMessage, assessConversation, HALF_LIFE } from './assess.js';
export type { Observation } from './assess.js';
export { canonicalize } from './canonical.js';
export type { CanonicalText } from './canonical.js';
export { scanConversation } from './scan.js';
export type { ConversationInput, ConversationScan } from './scan.js';
export { readSignals } from './signals.js';
export type { MessageSignal } from './signals.js';
export { summarizeSender, SENDER_HISTORY_WINDOW } from './senders.js';
export type { SenderRecord } from './senders.js';
export { PARTICIPANT_ROLES, RISK_KINDS, RISK_LEVELS, STAGES } from './types.js';
export type {
  ConversationMessage,
  ConversationOptions,
  ConversationRisk,
  ConversationState,
  Evidence,
  Participant,
  ParticipantRole,
  RiskKind,
  RiskLevel,
  SenderHistory,
  Signal,
  Stage,
  StageState,
  TrackRisk,
  TrackState,
} from './types.js';
