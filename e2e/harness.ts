import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_GLOBAL, CHANNEL_NAMES, EVENT_NAMES } from '../shared/channels';
import type { Channel, ChannelInput, ChannelOutput } from '../shared/contract';
import { createCore, type Core } from '../electron/core/app-core';
import { memorySecretStore } from '../electron/core/sync/secret-store';
import { dispatch } from '../electron/core/ipc/dispatch';
import { serveStatic, type StaticServer } from './static-server';

const ROOT = resolve(__dirname, '..');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

/** What a browser test gets: the page, running against a real core over a real SQLite file. */
export type Loupe = {
  page: Page;
  core: Core;
  dir: string;
  /** The "dialog port": the path the next Import… picks (null = the user cancels). */
  setImportFile(path: string | null): void;
  /** The save dialog port: the path the next export (or report) is saved to (null = cancel). */
  setSavePath(path: string | null): void;
  /** Calls a channel the way the page does, through dispatch (parsed input, envelope). */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Every call the page made, in order, with the error code when one failed. */
  calls: { channel: string; code: string | null }[];
  /**
   * Holds the page's calls on `channel` until the returned function is called, to look at the
   * UI while data is on its way.
   */
  hold(channel: Channel): () => void;
  /** Waits until no job is running. */
  settleJobs(): Promise<void>;
  shot(name: string): Promise<string>;
};

type Fixtures = { loupe: Loupe; scrollCap: number | undefined };
type WorkerFixtures = { renderer: StaticServer };

/**
 * Runs in the page before its scripts: builds window.loupe exactly as preload does — one
 * function per channel name, plus `on` for the known events — over the exposed binding.
 */
function installBridge(cfg: {
  global: string;
  channels: string[];
  events: string[];
  cap?: number;
}) {
  type Listener = (payload: unknown) => void;
  const g = globalThis as unknown as Record<string, unknown> & {
    __loupeInvoke(channel: string, input: unknown): Promise<unknown>;
  };
  const listeners = new Map<string, Set<Listener>>();
  const api: Record<string, unknown> = {};
  for (const channel of cfg.channels)
    api[channel] = (input: unknown) => g.__loupeInvoke(channel, input);
  api.on = (event: string, listener: Listener) => {
    if (!cfg.events.includes(event)) throw new Error(`Unknown event ${event}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  // Preload turns dropped File objects into paths with Electron's webUtils; a plain browser
  // cannot see paths at all, so here every drop yields none.
  api.pathsOf = () => [];
  Object.defineProperty(g, '__loupeEmit', {
    value: (event: string, payload: unknown) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  });
  g[cfg.global] = Object.freeze(api);
  if (cfg.cap !== undefined) g.__LOUPE_SCROLL_CAP__ = cfg.cap;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  scrollCap: [undefined, { option: true }],

  renderer: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveStatic(join(ROOT, 'out', 'renderer'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  loupe: async ({ page, renderer, scrollCap }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
    let importFile: string | null = null;
    let savePath: string | null = null;
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    // Nothing may leave 127.0.0.1: the app is offline-first and the tests must be too.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(renderer.url)) return route.continue();
      problems.push(`blocked request: ${url}`);
      return route.abort();
    });

    const core = createCore({
      cachePath: join(dir, 'cache.sqlite'),
      version: '0.0.0-e2e',
      platform: {
        pickImportFile: async () => importFile,
        pickImportFolder: async () => importFile,
        pickSavePath: async () => savePath,
        secrets: memorySecretStore(),
      },
      // Sync gives up on a lost network within a second or two, not half a minute.
      syncTuning: { attempts: 3, backoffBaseMs: 100, backoffCapMs: 400, timeoutMs: 5_000 },
      emit: (event, payload) => {
        page
          .evaluate(
            ([e, p]) =>
              (globalThis as unknown as { __loupeEmit(e: string, p: unknown): void }).__loupeEmit(
                e,
                p,
              ),
            [event, payload] as const,
          )
          .catch(() => undefined); // the page may be navigating or closed
      },
      workerScript: {
        path: join(ROOT, 'electron', 'core', 'jobs', 'job-worker.ts'),
        execArgv: ['--import', 'tsx'],
      },
    });
    const calls: Loupe['calls'] = [];
    const held = new Map<string, Promise<void>>();
    await page.exposeBinding('__loupeInvoke', async (_source, channel: string, input: unknown) => {
      await held.get(channel);
      const envelope = await dispatch(core.handlers, channel, input);
      calls.push({ channel, code: envelope.ok ? null : envelope.error.code });
      return envelope;
    });
    await page.addInitScript(installBridge, {
      global: API_GLOBAL,
      channels: [...CHANNEL_NAMES],
      events: [...EVENT_NAMES],
      cap: scrollCap,
    });

    const loupe: Loupe = {
      page,
      core,
      dir,
      calls,
      hold: (channel) => {
        let release = () => {};
        held.set(channel, new Promise<void>((ok) => (release = ok)));
        return () => {
          held.delete(channel);
          release();
        };
      },
      setSavePath: (path) => {
        savePath = path;
      },
      setImportFile: (path) => {
        importFile = path;
      },
      call: async (channel, input) => {
        const env = await dispatch(core.handlers, channel, input);
        if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
        return env.data as ChannelOutput<typeof channel>;
      },
      settleJobs: async () => {
        await Promise.all(core.jobs.list().map((j) => core.jobs.settle(j.id)));
      },
      shot: async (name) => {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path });
        await testInfo.attach(name, { path, contentType: 'image/png' });
        return path;
      },
    };

    await page.goto(renderer.url);
    try {
      await use(loupe);
    } finally {
      // Unload the app first so no call reaches a core that is closing.
      await page.goto('about:blank').catch(() => undefined);
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(problems, 'console errors, page errors or off-host requests').toEqual([]);
  },
});

export { expect };
