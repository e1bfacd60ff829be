// The console's tables: tenants, API keys, console users and their sessions, setup tokens. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './api-keys.js';
export * from './console-users.js';
export * from './setup-tokens.js';
export * from './tenants.js';
