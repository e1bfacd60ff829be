// The compliance module (issue 18): the incident register and the figures of the annual reports, each computed from the
// store's own logs. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './incidents.js';
export type { ComplianceTables } from './tables.js';
export * from './annual-report.js';
export * from './known-minor.js';
export { RIGHTS_DEADLINE_DAYS, computePrivacyFigures, retentionText } from './privacy-figures.js';
