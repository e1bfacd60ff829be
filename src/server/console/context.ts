import type { Context } from 'hono';
import type { ConsoleSession } from '../../store/index.js';
import type { ServiceDeps } from '../service-deps.js';
import type { WebEnv } from '../web/index.js';

/** The console takes the same dependencies as the API. */
export type ConsoleDeps = ServiceDeps;

export type ConsoleEnv = {
  Variables: WebEnv['Variables'] & {
    session: ConsoleSession | null;
  };
};

export type ConsoleContext = Context<ConsoleEnv>;
