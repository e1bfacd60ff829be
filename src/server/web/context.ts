import type { Context } from 'hono';
import type { Lang } from './messages.js';

/** A submitted form: URL-encoded fields, read once by the CSRF check. */
export interface Form {
  get(name: string): string;
  getAll(name: string): readonly string[];
}

/** What every page set's context holds: the language, the CSRF token its forms carry, and a POST's checked form. */
export type WebEnv = {
  Variables: {
    lang: Lang;
    /** The CSRF token forms on this page must carry: the session's, or the pre-session cookie's. */
    csrf: string;
    form: Form;
    /** Whether the request came over https, for cookie flags. */
    secure: boolean;
    /** Where this page's language switch leads: the page itself, or for a POST's answer the nearest page that answers GET. */
    switchPath: string;
  };
};

export type WebContext = Context<WebEnv>;
