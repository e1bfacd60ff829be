// Youth mode and guardians: minors, usage, purchases, requests, interaction controls, guardian accounts, bindings, settings, alerts and notifications. The layer's entry (../index.ts) names what the rest of the service may use.
export * from './guardian-accounts.js';
export * from './guardian-alerts.js';
export * from './guardian-bindings.js';
export * from './guardian-notifications.js';
export * from './guardian-settings.js';
export * from './youth-core.js';
export * from './youth-interactions.js';
export * from './youth-minors.js';
export * from './youth-purchases.js';
export * from './youth-report.js';
export * from './youth-requests.js';
export * from './youth-usage.js';
