// Webhooks and their delivery outbox. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './webhooks.js';
