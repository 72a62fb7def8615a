import type { Page } from '@playwright/test';
import { API_GLOBAL, CHANNEL_NAMES, EVENT_NAMES } from '../shared/channels';
import type { Envelope } from '../shared/errors';
import { dispatch, type Handlers } from '../electron/core/ipc/dispatch';
import type { ThumbService } from '../electron/core/thumbs/thumb-service';
import { THUMB_BASE } from '../shared/thumb-url';

/**
 * Runs in the page before its scripts: builds window.loupe exactly as preload does — one
 * function per channel name, plus `on` for the known events — over the exposed binding.
 */
function installBridge(cfg: {
  global: string;
  channels: string[];
  events: string[];
  cap?: number;
  thumbBase: string;
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
  api.thumbBase = cfg.thumbBase;
  g[cfg.global] = Object.freeze(api);
  if (cfg.cap !== undefined) g.__LOUPE_SCROLL_CAP__ = cfg.cap;
}

export type BridgeOptions = {
  /** The scaled-scrollbar height cap the table uses (tests lower it). */
  cap?: number;
  /** Awaited before a call is dispatched (a test holding a channel). */
  before?: (channel: string) => Promise<void> | undefined;
  /** Sees every call's envelope once it is answered. */
  after?: (channel: string, envelope: Envelope<unknown>) => void;
  /**
   * Where the page finds thumbnails (a plain browser cannot load `loupe-thumb:`): an http
   * address the test answers with the core's thumbnail service (see serveThumbs).
   */
  thumbBase?: string;
};

/**
 * Binds window.loupe in `page` to the core's handlers the way preload binds it to ipcMain in
 * the app: every call goes through dispatch (parsed input, envelope). Call before page.goto.
 * Returns how main pushes an event to the page.
 */
export async function bindCore(
  page: Page,
  handlers: Handlers,
  opts: BridgeOptions = {},
): Promise<{ send(event: string, payload: unknown): void }> {
  await page.exposeBinding('__loupeInvoke', async (_source, channel: string, input: unknown) => {
    await opts.before?.(channel);
    const envelope = await dispatch(handlers, channel, input);
    opts.after?.(channel, envelope);
    return envelope;
  });
  // Under tsx (the benchmarks) esbuild keeps function names with a `__name(fn, "name")` helper
  // that a function serialised into the page would call: the page gets a harmless one.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.addInitScript(installBridge, {
    global: API_GLOBAL,
    channels: [...CHANNEL_NAMES],
    events: [...EVENT_NAMES],
    ...(opts.cap === undefined ? {} : { cap: opts.cap }),
    thumbBase: opts.thumbBase ?? THUMB_BASE,
  });
  return {
    send(event, payload) {
      page
        .evaluate(
          ([e, p]) =>
            (globalThis as unknown as { __loupeEmit(e: string, p: unknown): void }).__loupeEmit(e, p),
          [event, payload] as const,
        )
        .catch(() => undefined); // the page may be navigating or closed
    },
  };
}

/**
 * Answers the page's requests under `base` (an address on the loopback origin the renderer is
 * served from) with the core's thumbnail service, exactly as main's `loupe-thumb:` protocol
 * handler does in the app: the rest of the address goes to the service after THUMB_BASE.
 */
export async function serveThumbs(page: Page, base: string, thumbs: ThumbService): Promise<void> {
  await page.route(`${base}**`, async (route) => {
    const r = await thumbs.serve(THUMB_BASE + route.request().url().slice(base.length));
    await route.fulfill({ status: r.status, headers: r.headers, body: typeof r.body === 'string' ? r.body : Buffer.from(r.body) });
  });
}
