import { LoupeError } from '../../../shared/errors';
import { parseAnswer, userSchema, versionSchema, type RemoteUser } from './api-schemas';
import { ServerCallError, SuperviselyClient, type ClientTuning } from './http-client';
import { normaliseServerUrl } from './server-url';

export type Connection = { serverUrl: string; user: RemoteUser; version: string | null };

/** Connecting is interactive: fail within seconds rather than retry for minutes. */
const CONNECT_TUNING: Partial<ClientTuning> = { timeoutMs: 15_000, attempts: 2, backoffBaseMs: 500, backoffCapMs: 2_000 };

/**
 * Checks a server address and token the way the SDK does — `users.me` answers with the user
 * when the token is good, `instance.version` says which server this is (supervisely-api.md
 * §1) — and returns who we are. With no scheme in the address, https is tried before http.
 * Errors say what is wrong (bad token, unreachable, too slow, not a Supervisely server) and
 * never contain the token.
 */
export async function checkConnection(
  address: string,
  token: string,
  tuning: Partial<ClientTuning> = {},
): Promise<Connection> {
  const { url, hasScheme } = normaliseServerUrl(address);
  const candidates = hasScheme ? [url] : [url.replace(/^http:/, 'https:'), url];
  let lastErr: unknown;
  for (const [i, serverUrl] of candidates.entries()) {
    const client = new SuperviselyClient({ server: serverUrl, token, tuning: { ...CONNECT_TUNING, ...tuning } });
    try {
      const me = await client.call('users.me', {});
      const user = parseAnswer(userSchema, me, 'users.me', client.host);
      let version: string | null = null;
      try {
        version = parseAnswer(versionSchema, await client.call('instance.version', {}), 'instance.version', client.host).version;
      } catch (err) {
        // Older servers may not answer it; the version is informative only.
        if (!(err instanceof ServerCallError) || err.code === 'SERVER_UNREACHABLE') throw err;
      }
      return { serverUrl, user, version };
    } catch (err) {
      lastErr = err;
      // Only "nothing answers https here" moves on to plain http.
      const more = i < candidates.length - 1;
      if (!more || !(err instanceof ServerCallError) || (err.code !== 'SERVER_UNREACHABLE' && err.code !== 'SERVER_TIMEOUT')) break;
    }
  }
  if (lastErr instanceof ServerCallError && (lastErr.code === 'NOT_FOUND' || (lastErr.code === 'SERVER_ERROR' && lastErr.status !== null && lastErr.status < 500))) {
    throw new LoupeError(
      'SERVER_ERROR',
      `${normaliseServerUrl(address).url} does not look like a Supervisely server (users.me answered HTTP ${lastErr.status}). Check the address: it is the one you open in the browser, e.g. https://app.supervisely.com.`,
    );
  }
  throw lastErr;
}
