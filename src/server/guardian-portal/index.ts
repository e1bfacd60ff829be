export { createGuardianPortal } from './create-guardian-portal.js';
export type { PortalDeps } from './context.js';
