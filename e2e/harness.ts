import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_GLOBAL, CHANNEL_NAMES, EVENT_NAMES } from '../shared/channels';
import type { Channel, ChannelInput, ChannelOutput, EventPayload } from '../shared/contract';
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
  /** The "dialog port": the path the next Import file… picks (null = the user cancels). */
  setImportFile(path: string | null): void;
  /** The folder dialog port: the folder the next Import project folder… picks (null = cancel). */
  setImportFolder(path: string | null): void;
  /**
   * Stands in for Electron's webUtils.getPathForFile (which preload uses for dropped files):
   * a dropped File named `name` resolves to `paths[name]`; unknown names resolve to nothing.
   */
  setDropPaths(paths: Record<string, string>): Promise<void>;
  /**
   * Holds events main pushes to the page that match `filter` (e.g. a job's final update)
   * until the returned function is called, to look at the UI in the state before them.
   */
  holdEvents(filter: (event: string, payload: unknown) => boolean): () => void;
  /** The save dialog port: the path the next export (or report) is saved to (null = cancel). */
  setSavePath(path: string | null): void;
  /** Clicks an item of main's File menu: sends the page the event main sends. */
  menu(command: EventPayload<'menu:command'>['command']): void;
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
    __loupeDropPaths?: unknown;
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
  // cannot see paths at all, so here a dropped file's name maps to the path the test registered
  // with setDropPaths (the stand-in for webUtils.getPathForFile).
  api.pathsOf = (files: readonly { name?: unknown }[]) => {
    const map = (g.__loupeDropPaths ?? {}) as Record<string, string>;
    return files
      .map((f) => (typeof f.name === 'string' ? map[f.name] : undefined))
      .filter((p): p is string => typeof p === 'string' && p.length > 0);
  };
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
      // LOUPE_RENDERER_DIR: a private build (`electron-vite build --outDir DIR`, then DIR/renderer),
      // so a test run does not depend on, or race with, someone else rebuilding out/.
      const server = await serveStatic(process.env.LOUPE_RENDERER_DIR ?? join(ROOT, 'out', 'renderer'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  loupe: async ({ page, renderer, scrollCap }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
    let importFile: string | null = null;
    let importFolder: string | null = null;
    let eventHold: { filter: (e: string, p: unknown) => boolean; queue: [string, unknown][] } | null =
      null;
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

    const send = (event: string, payload: unknown) => {
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
    };
    const core = createCore({
      cachePath: join(dir, 'cache.sqlite'),
      version: '0.0.0-e2e',
      platform: {
        pickImportFile: async () => importFile,
        pickImportFolder: async () => importFolder,
        pickSavePath: async () => savePath,
        secrets: memorySecretStore(),
      },
      // Sync gives up on a lost network within a second or two, not half a minute.
      syncTuning: { attempts: 3, backoffBaseMs: 100, backoffCapMs: 400, timeoutMs: 5_000 },
      emit: (event, payload) => {
        if (eventHold?.filter(event, payload)) {
          eventHold.queue.push([event, payload]);
          return;
        }
        send(event, payload);
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
      menu: (command) => send('menu:command', { command }),
      setImportFile: (path) => {
        importFile = path;
      },
      setImportFolder: (path) => {
        importFolder = path;
      },
      setDropPaths: async (paths) => {
        await page.evaluate((m) => {
          (globalThis as unknown as { __loupeDropPaths: Record<string, string> }).__loupeDropPaths =
            m;
        }, paths);
      },
      holdEvents: (filter) => {
        const hold = { filter, queue: [] as [string, unknown][] };
        eventHold = hold;
        return () => {
          if (eventHold === hold) eventHold = null;
          for (const [e, p] of hold.queue) send(e, p);
        };
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
