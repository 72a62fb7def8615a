import { LoupeError } from '../../../shared/errors';

/**
 * The server address the way the SDK normalises it (supervisely-api.md §1): trimmed, no
 * leading or trailing "/", and "http://" when no scheme is given. `hasScheme` tells the caller
 * whether to probe https first. Anything but http(s) is refused.
 */
export function normaliseServerUrl(input: string): { url: string; hasScheme: boolean } {
  let s = input.trim().replace(/^\/+|\/+$/g, '');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
  if (!hasScheme) s = `http://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new LoupeError('INVALID_INPUT', `"${input.trim()}" is not a server address (try https://app.supervisely.com).`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new LoupeError('INVALID_INPUT', `A server address starts with https:// or http://, not ${u.protocol}//.`);
  }
  if (u.username || u.password) {
    throw new LoupeError('INVALID_INPUT', 'Put the API token in the token field, not in the address.');
  }
  const path = u.pathname.replace(/\/+$/, '').replace(/\/public\/api(?:\/v3)?$/, '');
  return { url: `${u.protocol}//${u.host}${path}`, hasScheme };
}

/** Every JSON call is `POST <server>/public/api/v3/<method>`. */
export function apiUrl(server: string, method: string): string {
  return `${server}/public/api/v3/${method}`;
}

/** The host part, for labels ("alice @ app.supervisely.com"). */
export function serverHost(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}
