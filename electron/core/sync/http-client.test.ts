import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';
import { checkConnection } from './connect';
import { FakeData } from '../../../test-support/fake-server/fake-data';
import { scriptedFaults } from '../../../test-support/fake-server/faults';
import { FakeSupervisely, type FakeOptions } from '../../../test-support/fake-server/fake-supervisely';
import { SuperviselyClient, type ClientTuning } from './http-client';
import { Limiter } from './limiter';
import { normaliseServerUrl } from './server-url';

const TOKEN = 'SENTINEL-token-0123456789abcdef';
let fake: FakeSupervisely | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(opts: FakeOptions = {}) {
  const data = new FakeData(3);
  data.addUser('alice', TOKEN);
  data.addTeam('T');
  fake = new FakeSupervisely(data, opts);
  await fake.start();
  return fake;
}

/** A client whose sleeps are recorded instead of waited. */
function client(url: string, tuning: Partial<ClientTuning> = {}, token = TOKEN) {
  const sleeps: number[] = [];
  const c = new SuperviselyClient({
    server: url,
    token,
    tuning: { timeoutMs: 300, attempts: 4, backoffBaseMs: 1000, backoffCapMs: 8000, ...tuning },
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { c, sleeps };
}

describe('backoff', () => {
  it('is exponential, capped, and fully jittered', () => {
    const opts = { baseMs: 1000, capMs: 60_000 };
    expect([0, 1, 2, 3, 6, 7, 20].map((n) => backoffDelay(n, opts, () => 0.999999))).toEqual([999, 1999, 3999, 7999, 59999, 59999, 59999]);
    expect(backoffDelay(5, opts, () => 0)).toBe(0);
    expect(backoffDelay(2, opts, () => 0.5)).toBe(2000);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('server address', () => {
  it('normalises like the SDK and refuses what is not http(s)', () => {
    expect(normaliseServerUrl(' app.supervisely.com/ ')).toEqual({ url: 'http://app.supervisely.com', hasScheme: false });
    expect(normaliseServerUrl('https://x.org/public/api/v3/').url).toBe('https://x.org');
    expect(() => normaliseServerUrl('ftp://x')).toThrow(/https:\/\/ or http:\/\//);
    expect(() => normaliseServerUrl('https://user:secret@x')).toThrow(/token field/);
  });
});

describe('SuperviselyClient', () => {
  it('sends POST /public/api/v3/<method> with x-api-key and a JSON body', async () => {
    const f = await start();
    const { c } = client(f.url);
    expect(await c.call('users.me', {})).toMatchObject({ login: 'alice' });
    expect(f.stats.requests[0]).toMatchObject({ method: 'users.me', apiKey: TOKEN });
  });

  it('retries 429 honouring Retry-After in seconds and as a date, and 500/502/503/504', async () => {
    const f = await start({
      faults: scriptedFaults([
        { fault: { type: 'status', status: 429, retryAfter: { seconds: 5 } } },
        { fault: { type: 'status', status: 429, retryAfter: { seconds: 3, asDate: true } } },
        { fault: { type: 'status', status: 500 } },
      ]),
    });
    const { c, sleeps } = client(f.url, { attempts: 6 });
    await c.call('teams.list', {});
    expect(sleeps[0]).toBe(5000); // Retry-After beats the 500 ms jittered backoff
    expect(sleeps[1]).toBeGreaterThan(1000); // an HTTP date ~3 s ahead (whole seconds)
    expect(sleeps[1]).toBeLessThanOrEqual(3000);
    expect(sleeps[2]).toBe(2000); // plain backoff: 0.5 × 1000 × 2²
    for (const status of [502, 503, 504] as const) {
      f.faults = scriptedFaults([{ fault: { type: 'status', status } }]);
      await expect(c.call('teams.list', {})).resolves.toBeTruthy();
    }
    expect(c.retries).toBe(6);
  });

  it('does not retry other statuses, and says what the server said', async () => {
    const f = await start();
    const { c } = client(f.url);
    await expect(c.call('projects.info', {})).rejects.toMatchObject({ code: 'SERVER_ERROR', status: 400, message: expect.stringContaining('id is required') });
    await expect(c.call('projects.info', { id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(c.retries).toBe(0);
  });

  it('times out a hung request and retries it; a reset body and truncated JSON are retried too', async () => {
    const f = await start({ faults: scriptedFaults([{ fault: { type: 'hang' } }, { fault: { type: 'reset' } }, { fault: { type: 'truncate' } }]) });
    const { c } = client(f.url, { timeoutMs: 150 });
    await expect(c.call('teams.list', {})).resolves.toMatchObject({ total: 1 });
    expect(c.retries).toBe(3);
  });

  it('gives up with a clear message: timeout, unreachable, and a refused token without the token', async () => {
    const f = await start({ faults: () => ({ type: 'hang' }) });
    const { c } = client(f.url, { timeoutMs: 100, attempts: 2 });
    await expect(c.call('teams.list', {})).rejects.toMatchObject({ code: 'SERVER_TIMEOUT', message: expect.stringMatching(/did not answer teams.list within 0.1 s \(2 attempts/) });
    const port = await freePort();
    const { c: c2 } = client(`http://127.0.0.1:${port}`, { attempts: 2 });
    await expect(c2.call('users.me', {})).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE', message: expect.stringMatching(/Cannot reach 127.0.0.1:\d+: connection refused/) });
    f.faults = undefined;
    f.options.echoToken = true;
    const { c: c3 } = client(f.url, {}, 'WRONG-SENTINEL-TOKEN');
    const err = (await c3.call('users.me', {}).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/rejected the API token \(HTTP 401/);
    expect(err.message).not.toContain('WRONG-SENTINEL-TOKEN');
    expect(JSON.stringify(err)).not.toContain('WRONG-SENTINEL-TOKEN');
  });

  it('refuses a token with a line break, CR, NUL or non-ASCII before any request, without quoting it', async () => {
    const f = await start();
    for (const bad of ['SEKRIT\nHUSH99', 'SEKRIT\rHUSH99', 'SEKRIT\0HUSH99', 'SEKRIT\u20acHUSH99']) {
      const err = (await checkConnection(f.url, bad).catch((e: unknown) => e)) as Error & { code: string };
      expect(err.code).toBe('INVALID_TOKEN');
      expect(err.message).toMatch(/The API token contains .* at position 7/);
      expect(JSON.stringify(err)).not.toMatch(/SEKRIT|HUSH99/);
    }
    expect(f.stats.requests).toHaveLength(0);
  });

  it('redacts the token from network-level failures, whose text fetch may build from the header', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(
      new TypeError(`Headers.append: "${TOKEN}" is an invalid header value.`, { cause: new Error(`bad value ${TOKEN}`) }),
    );
    try {
      const retries: string[] = [];
      const c = new SuperviselyClient({
        server: 'http://127.0.0.1:9',
        token: TOKEN,
        tuning: { attempts: 2 },
        sleep: async () => {},
        onRetry: (r) => retries.push(r.reason),
      });
      const err = (await c.call('users.me', {}).catch((e: unknown) => e)) as Error & { code: string };
      expect(err.code).toBe('SERVER_UNREACHABLE');
      expect(err.message).toMatch(/Headers.append: "\[token\]" is an invalid header value/);
      expect(`${JSON.stringify(err)} ${err.message} ${retries.join(' ')}`).not.toContain(TOKEN);
      expect(retries).toHaveLength(1);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('keeps at most maxInFlight requests open, across clients sharing a limiter', async () => {
    const f = await start();
    const limiter = new Limiter(3);
    const a = new SuperviselyClient({ server: f.url, token: TOKEN, limiter });
    const b = new SuperviselyClient({ server: f.url, token: TOKEN, limiter });
    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).call('teams.list', {})));
    expect(limiter.peak).toBe(3);
    expect(f.stats.peakInFlight).toBeLessThanOrEqual(3);
  });

  it('stops retrying at once when cancelled', async () => {
    const f = await start({ faults: () => ({ type: 'status', status: 503 }) });
    const ctl = new AbortController();
    const c = new SuperviselyClient({ server: f.url, token: TOKEN, signal: ctl.signal, tuning: { backoffBaseMs: 10_000 } });
    const p = c.call('teams.list', {});
    setTimeout(() => ctl.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('connect', () => {
  it('checks users.me and instance.version', async () => {
    const f = await start({ version: '6.12.44' });
    const conn = await checkConnection(`${f.url}/`, TOKEN);
    expect(conn).toMatchObject({ serverUrl: f.url, user: { login: 'alice' }, version: '6.12.44' });
  });

  it('tries https first when the address has no scheme, then plain http', async () => {
    const f = await start();
    const bare = f.url.replace('http://', '');
    const conn = await checkConnection(bare, TOKEN, { attempts: 1 });
    expect(conn.serverUrl).toBe(f.url);
    expect(f.stats.requests.map((r) => r.method)).toEqual(['users.me', 'instance.version']);
  });

  it('names the problem: bad token (any of 400/401/403), wrong address, nothing listening', async () => {
    for (const status of [401, 403, 400] as const) {
      const f = await start({ authFailure: { status } });
      await expect(checkConnection(f.url, 'nope')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      await f.stop();
    }
    const f = await start();
    f.data.users.length = 0;
    const web = await startPlain404();
    await expect(checkConnection(web.url, TOKEN)).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringMatching(/does not look like a Supervisely server/) });
    await web.close();
    const port = await freePort();
    await expect(checkConnection(`127.0.0.1:${port}`, TOKEN, { attempts: 1 })).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const { port } = s.address() as { port: number };
  await new Promise((ok) => s.close(ok));
  return port;
}

/** An ordinary web server that answers 404 to everything. */
async function startPlain404() {
  const { createServer: http } = await import('node:http');
  const s = http((_q, r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'));
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const { port } = s.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => s.close(ok)) };
}
