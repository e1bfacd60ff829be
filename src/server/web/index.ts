export { ASSETS, type Asset, type AssetName } from './assets.js';
export type { Form, WebContext, WebEnv } from './context.js';
export {
  LABELLED_VARIANT_KINDS,
  actionLabel,
  ageBandLabel,
  categoryLabel,
  describeExactMatch,
  describeVariant,
  formatPercent,
  severityLabel,
  surfaceLabel,
  termLabel,
  type Phrase,
  type VariantLabel,
} from './labels.js';
export {
  ConfirmForm,
  CsrfField,
  Document,
  DataTable,
  Notice,
  PostForm,
  renderDocument,
  type Frame,
  type NavItem,
  type Site,
  type Who,
} from './layout.js';
export { LANGS, MESSAGE_KEYS, fill, isLang, t, type Lang, type MessageKey } from './messages.js';
export {
  ErrorBody,
  createPageSet,
  flashOf,
  passOnce,
  takeOnce,
  pathOf,
  redirectTo,
  sendSitePage,
  type Chrome,
  type PageOptions,
  type PageSet,
  type PageSetOptions,
  type SessionLookup,
} from './page-set.js';
export { PasswordSignIn } from './sign-in.js';
export { WithCode } from './with-code.js';
export { formatTime, parseLocalTime, toLocalTimeValue } from './time.js';
