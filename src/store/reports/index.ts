// Reports, cases, their append-only events, the evidence chain and its export, report statistics. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './cases.js';
export * from './cases-model.js';
export * from './evidence.js';
export * from './evidence-export.js';
export * from './reports.js';
export * from './reports-stats.js';
