import { PASSWORD_MIN_LENGTH } from '../../store/index.js';
import { type Lang, t } from '../web/index.js';

/** A readable message for what `checkCredentials` or `createConsoleUser` found wrong. */
export function credentialProblem(lang: Lang, details: readonly { readonly message: string }[]): string {
  const problems = details.map((d) => {
    switch (d.message) {
      case 'username_invalid':
        return t(lang, 'error_username_invalid');
      case 'username_taken':
        return t(lang, 'error_username_taken');
      case 'password_short':
        return t(lang, 'error_password_short', { min: PASSWORD_MIN_LENGTH });
      case 'password_long':
        return t(lang, 'error_password_long');
      default:
        return d.message;
    }
  });
  return problems.join(' ');
}
