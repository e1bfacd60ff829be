import type { Caller } from './authenticate.js';

/** What middleware leaves on the Hono context for handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    caller: Caller;
  };
}
