import type { Context } from 'hono';
import type { ConsoleSession } from '../../store/index.js';
import type { ServiceDeps } from '../service-deps.js';
import type { Lang } from './i18n.js';

/** The console takes the same dependencies as the API. */
export type ConsoleDeps = ServiceDeps;

/** A submitted form: URL-encoded fields, read once. */
export interface Form {
  get(name: string): string;
  getAll(name: string): readonly string[];
}

export type ConsoleEnv = {
  Variables: {
    lang: Lang;
    session: ConsoleSession | null;
    /** The CSRF token forms on this page must carry: the session's, or the pre-session cookie's. */
    csrf: string;
    form: Form;
  };
};

export type ConsoleContext = Context<ConsoleEnv>;
