export { createConsole } from './create-console.js';
export type { ConsoleDeps } from './context.js';
