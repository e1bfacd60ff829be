// Minors' personal information (issue 18): the register, consents, the access log, rights requests (export, erasure),
// retention and field encryption. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './access-log.js';
export * from './consent.js';
export * from './field-crypto.js';
export * from './register.js';
export * from './retention.js';
export * from './rights.js';
export * from './seal-columns.js';
export type { PrivacyTables } from './tables.js';
