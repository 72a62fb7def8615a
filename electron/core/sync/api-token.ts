import { LoupeError } from '../../../shared/errors';

/**
 * Supervisely tokens are printable ASCII. Anything else (a line break copied with the token, a
 * NUL, a non-Latin-1 letter) cannot go into an HTTP header: fetch would refuse it with a message
 * that quotes the header value, token included. Refused here, before any request, naming only
 * the position and the kind of character — never the token.
 */
export function checkApiToken(token: string): void {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) continue;
    const what =
      c === 0x0a || c === 0x0d ? 'a line break' : c < 0x20 || c === 0x7f ? 'a control character' : c === 0x20 ? 'a space' : 'a character outside ASCII';
    throw new LoupeError(
      'INVALID_TOKEN',
      `The API token contains ${what} at position ${i + 1}: copy it again from Account settings → API token, as one line with no spaces.`,
      { field: 'token' },
    );
  }
}
