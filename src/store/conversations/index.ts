// Conversation risk (issue 16): each conversation's running risk state, its latest messages and each sender's record across
// conversations. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './conversations.js';
