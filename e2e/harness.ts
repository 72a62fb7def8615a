import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Channel, ChannelInput, ChannelOutput, EventPayload } from '../shared/contract';
import { createCore, type Core } from '../electron/core/app-core';
import { memorySecretStore } from '../electron/core/sync/secret-store';
import { dispatch } from '../electron/core/ipc/dispatch';
import { serveStatic, type StaticServer } from './static-server';
import { bindCore, serveThumbs } from './page-bridge';

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
   * UI while data is on its way. With `calls`, only that many of the next calls are held and
   * later ones pass, so an older call can be made to answer after a newer one.
   */
  hold(channel: Channel, opts?: { calls?: number }): () => void;
  /** Waits until no job is running. */
  settleJobs(): Promise<void>;
  shot(name: string): Promise<string>;
};

type Fixtures = { loupe: Loupe; scrollCap: number | undefined; thumbMaxBytes: number | undefined };
type WorkerFixtures = { renderer: StaticServer };

export const test = base.extend<Fixtures, WorkerFixtures>({
  scrollCap: [undefined, { option: true }],
  /** The thumbnail store's size limit (default: the app's 1 GiB). */
  thumbMaxBytes: [undefined, { option: true }],

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

  loupe: async ({ page, renderer, scrollCap, thumbMaxBytes }, use, testInfo) => {
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

    // Events main pushes before the page is bound go nowhere, as in the app before its window.
    let send = (_event: string, _payload: unknown) => {};
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
      readerScript: {
        path: join(ROOT, 'electron', 'core', 'reads', 'read-worker.ts'),
        execArgv: ['--import', 'tsx'],
      },
      thumbScript: {
        path: join(ROOT, 'electron', 'core', 'thumbs', 'thumb-worker.ts'),
        execArgv: ['--import', 'tsx'],
      },
      ...(thumbMaxBytes === undefined ? {} : { thumbMaxBytes }),
    });
    const calls: Loupe['calls'] = [];
    // A hold with `left` lets that many more calls be held, then stops holding new ones.
    const held = new Map<string, { gate: Promise<void>; left: number }>();
    const thumbBase = `${renderer.url}thumb/`;
    await serveThumbs(page, thumbBase, core.thumbs);
    ({ send } = await bindCore(page, core.handlers, {
      ...(scrollCap === undefined ? {} : { cap: scrollCap }),
      thumbBase,
      before: (channel) => {
        const h = held.get(channel);
        if (!h) return undefined;
        if (--h.left <= 0) held.delete(channel);
        return h.gate;
      },
      after: (channel, envelope) => calls.push({ channel, code: envelope.ok ? null : envelope.error.code }),
    }));

    const loupe: Loupe = {
      page,
      core,
      dir,
      calls,
      hold: (channel, opts) => {
        let release = () => {};
        const h = { gate: new Promise<void>((ok) => (release = ok)), left: opts?.calls ?? Infinity };
        held.set(channel, h);
        return () => {
          if (held.get(channel) === h) held.delete(channel);
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
