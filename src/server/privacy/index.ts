// Minors' personal information on the server side: the keyring at start-up, the retention job, the API routes and the
// console and portal pages.
export { defaultKeyFile, loadFieldKeyring, type LoadedKeyring } from './keys.js';
export { preparePersonalData, purgePersonalData } from './prepare.js';
export { textKeptFor } from './gate.js';
export { PRIVACY_OPERATIONS } from './operations.js';
export { createPrivacyRoutes, receiptJson } from './routes.js';
export { privacySchemas } from './schemas.js';
