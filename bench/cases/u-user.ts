import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ImageViews } from '../../electron/core/cache/image-views';
import { TagNames } from '../../electron/core/cache/tag-names';
import { querySchema } from '../../shared/query';
import { bindCore } from '../../e2e/page-bridge';
import { serveStatic } from '../../e2e/static-server';
import { REPO_ROOT } from '../lib/demo-data';
import { searchCache } from '../lib/search-cache';
import { openBrowse } from '../lib/search-bench';
import { percentile, round } from '../lib/stats';
import { CoreThread, stallMeter } from '../lib/core-thread';
import type { BenchCase, Json, Logger, SideResult } from '../lib/types';

/**
 * What a user types: names, words, tags, meta keys, ranges, negations, one query that matches
 * nothing and one that matches almost everything.
 */
const QUERIES = [
  'tag:review width:>1000',
  'street',
  'meta.camera:"cam 07" -tag:blurry',
  'IMG_12',
  'frame_000',
  'cam-07',
  'Berlin',
  'tag:blurry',
  'tag:weather=fog',
  'meta.city:Lagos',
  'width:>=3840',
  'size:<100000',
  'labels:0',
  'created:[2024-01-01 TO 2024-02-01]',
  'dataset:"train/*" -tag:verified',
  'author:alice -ext:png',
  'meta.iso:>=800',
  'has:link',
  'horizon',
  'ext:png OR ext:webp',
  'qqqzzzxx',
  '-tag:split-note',
];

/** The core's answer for each query: its count and first row by name and by size. */
type Expected = { text: string; total: number; byName: number | null; bySize: number | null };
type Params = { cache: string; scale: number; expected: Expected[] };

const WAIT_MS = Number(process.env.LOUPE_U_WAIT_MS ?? 300_000);

/** The core's own answers, from a connection of the harness process (not timed). */
function expectations(cache: string): Expected[] {
  const db = openBrowse(cache);
  const views = new ImageViews(db, new TagNames(db));
  try {
    const firstId = (text: string, key: 'name' | 'size') => {
      const v = views.open(querySchema.parse({ text, sort: [{ key, dir: 'asc' }] }));
      const row = views.window(v.view_id, 0, 1).rows[0];
      views.clear();
      return { total: v.total, id: row?.id ?? null };
    };
    return QUERIES.map((text) => {
      const byName = firstId(text, 'name');
      return { text, total: byName.total, byName: byName.id, bySize: firstId(text, 'size').id };
    });
  } finally {
    db.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Waits, polling every animation frame in the page, until `predicate(arg)` holds. */
async function until<A extends Json>(page: Page, predicate: (arg: A) => boolean, arg: A): Promise<void> {
  await page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { polling: 'raf', timeout: WAIT_MS });
}

// The predicates run in the page; bench code is typechecked without DOM types, so they
// describe the little of the DOM they use.
type El = {
  getAttribute(n: string): string | null;
  textContent: string | null;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelector(s: string): El | null;
  querySelectorAll(s: string): Iterable<El>;
};

/** The grid shows the view of `total` matches with `firstId` at the top (or "no results"). */
function viewShown(e: { total: number; firstId: number | null; count: string }): boolean {
  const d = (globalThis as unknown as { document: El }).document;
  const grid = d.querySelector('[data-testid="image-grid"]');
  const count = d.querySelector('[data-testid="result-count"]')?.textContent ?? '';
  if (!count.startsWith(e.count)) return false;
  if (e.total === 0) return d.querySelector('[data-testid="no-results"]') !== null;
  if (!grid || grid.getAttribute('aria-busy') === 'true') return false;
  const row = grid.querySelector('[data-testid="image-row"][data-index="0"]');
  return row?.getAttribute('data-image-id') === String(e.firstId);
}

/** Every facet has exact counts: none "counting", no newer answer on its way. */
function facetsShown(): boolean {
  const d = (globalThis as unknown as { document: El }).document;
  const panel = d.querySelector('[data-testid="facets"]');
  return (
    panel !== null &&
    panel.getAttribute('aria-busy') === 'false' &&
    d.querySelector('[data-testid="facet"][data-status="counting"]') === null &&
    d.querySelector('[data-testid="facet"]') !== null
  );
}

/** Every row inside the grid's visible box is loaded, and the box is past `from`. */
function rowsShown(from: number): boolean {
  const d = (globalThis as unknown as { document: El }).document;
  const grid = d.querySelector('[data-testid="image-grid"]');
  if (!grid) return false;
  const box = grid.getBoundingClientRect();
  let seen = 0;
  for (const r of grid.querySelectorAll('[data-testid="image-row"]')) {
    const b = r.getBoundingClientRect();
    if (b.bottom <= box.top + 30 || b.top >= box.bottom) continue;
    if (r.getAttribute('data-row-id') === null || Number(r.getAttribute('data-index')) < from) return false;
    seen++;
  }
  return seen > 0;
}

function detailShown(imageId: string): boolean {
  const d = (globalThis as unknown as { document: El }).document;
  const panel = d.querySelector('[data-testid="detail-panel"]');
  return (
    panel !== null &&
    panel.getAttribute('aria-busy') === 'false' &&
    (panel.querySelector('.detail-subtitle')?.textContent ?? '').includes(`ID ${imageId}`)
  );
}

async function run(p: Params, log: Logger): Promise<SideResult> {
  const renderer = join(REPO_ROOT, 'out', 'renderer');
  const server = await serveStatic(renderer);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const stalls = stallMeter();
  const m: Record<'enter' | 'facets' | 'jump' | 'sort' | 'detail', number[]> = {
    enter: [],
    facets: [],
    jump: [],
    sort: [],
    detail: [],
  };
  // The core on its own thread, as in Electron's main process: its loop is measured there; this
  // loop also drives Chromium (Playwright's serialising and socket writes) and is reported apart.
  const core = new CoreThread(p.cache);
  let stopped = false;
  try {
    await core.loaded();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const t0 = performance.now();
    await core.create();
    const bridge = await bindCore(page, core.handlers());
    core.onEvent = (event, payload) => bridge.send(event, payload);
    await page.goto(server.url);
    await until(page, rowsShown, 0);
    const cold = performance.now() - t0;
    log(`cold start → first rows: ${cold.toFixed(0)} ms`);
    const search = page.getByTestId('search');
    const grid = page.getByTestId('image-grid');
    for (const e of p.expected) {
      await search.click();
      await search.fill('');
      await page.keyboard.type(e.text);
      // An open completion list would take the Enter: dismiss it as a user would.
      if (await page.getByTestId('suggestions').isVisible()) await page.keyboard.press('Escape');
      const count = `${fmt(e.total)} `;
      const t = performance.now();
      await page.keyboard.press('Enter');
      await until(page, viewShown, { total: e.total, firstId: e.byName, count });
      m.enter.push(performance.now() - t);
      await until(page, facetsShown, null);
      m.facets.push(performance.now() - t);
      const line = [`${e.text}: ${fmt(e.total)} matches, count+rows ${m.enter.at(-1)?.toFixed(0)} ms, facets ${m.facets.at(-1)?.toFixed(0)} ms`];
      if (e.total > 100) {
        let tj = performance.now();
        await grid.evaluate((el: unknown) => {
          const g = el as { scrollTop: number; scrollHeight: number; clientHeight: number };
          g.scrollTop = (g.scrollHeight - g.clientHeight) / 2;
        });
        await until(page, rowsShown, Math.floor(e.total * 0.3));
        m.jump.push(performance.now() - tj);
        // Open the detail panel on a row in view.
        const row = page.locator('[data-testid="image-row"][data-row-id]').nth(5);
        const imageId = (await row.getAttribute('data-image-id')) ?? '';
        tj = performance.now();
        await row.click();
        await until(page, detailShown, imageId);
        m.detail.push(performance.now() - tj);
        await page.getByTestId('detail-close').click();
        await grid.evaluate((el: unknown) => {
          (el as { scrollTop: number }).scrollTop = 0;
        });
        await until(page, viewShown, { total: e.total, firstId: e.byName, count });
        tj = performance.now();
        await page.getByTestId('col-size').getByRole('button').click();
        await until(page, viewShown, { total: e.total, firstId: e.bySize, count });
        m.sort.push(performance.now() - tj);
        await page.getByTestId('col-name').getByRole('button').click();
        await until(page, viewShown, { total: e.total, firstId: e.byName, count });
        line.push(`jump ${m.jump.at(-1)?.toFixed(0)}, detail ${m.detail.at(-1)?.toFixed(0)}, sort ${m.sort.at(-1)?.toFixed(0)} ms`);
      }
      log(line.join(', '));
    }
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    const { stalled_s } = stalls.stop();
    stopped = true;
    const extra: Record<string, number> = {
      cold_ms: cold,
      ...(await core.stop()),
      bridge_loop_max_ms: loop.max / 1e6,
      bridge_loop_p99_ms: loop.percentile(99) / 1e6,
      bridge_stalled_s: stalled_s,
    };
    for (const [k, v] of Object.entries(m)) {
      extra[`${k}_p50_ms`] = percentile(v, 50);
      extra[`${k}_p95_ms`] = percentile(v, 95);
    }
    return { seconds, rows: p.expected.length, latencies_ms: m.enter, extra };
  } catch (err) {
    // The screen as it was when a wait gave up, to see why.
    const shot = join(REPO_ROOT, 'node_modules', '.cache', 'loupe-bench', 'u-failure.png');
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => undefined);
    log(`U: failed; the screen is in ${shot}`);
    throw err;
  } finally {
    stalls.stop();
    loop.disable();
    await browser.close();
    await server.close();
    if (!stopped) await core.stop();
  }
}

/** The targets at 1M, printed beside the figures. */
const TARGETS: Record<string, number> = {
  enter_p95_ms: 200,
  facets_p95_ms: 500,
  jump_p95_ms: 100,
  sort_p95_ms: 100,
  detail_p95_ms: 100,
  cold_ms: 1000,
  loop_p99_ms: 16,
  loop_max_ms: 50,
};

/**
 * The app as a user feels it: the built renderer in Chromium, bound to the real core exactly as
 * the browser tests bind it, over a cache of N records. For each query, typed and committed
 * with Enter: count and first rows, every facet exact, a jump to the middle, the detail panel,
 * a sort click; plus the cold start and the core's event-loop delay over the whole run. No
 * baseline: the targets are absolute.
 */
export const uUser: BenchCase = {
  id: 'U',
  title: 'as the user feels it: the built renderer in Chromium over the real core',
  kind: 'latency',
  defaultScale: 1_000_000,
  sides: ['ours'],
  defaultRuns: 1,
  async prepare(scale, log) {
    if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
      throw new Error('out/renderer is missing: run `npm run build` first.');
    }
    const cache = await searchCache(scale, log);
    log(`U: the core's answers for ${QUERIES.length} queries…`);
    const params: Params = { cache, scale, expected: expectations(cache) };
    return { params: params as unknown as Json };
  },
  run(_side, params, log) {
    return run(params as unknown as Params, log);
  },
  summarise(ours) {
    const last = ours.at(-1)?.extra ?? {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(last)) out[k] = round(v, k.endsWith('stalled_s') ? 1 : 0);
    for (const [k, target] of Object.entries(TARGETS)) out[`meets_${k}`] = (last[k] ?? Infinity) <= target ? 1 : 0;
    return out;
  },
  columns: [
    { title: 'Enter→count+rows p50 / p95 ms (≤200)', keys: ['enter_p50_ms', 'enter_p95_ms'] },
    { title: 'Enter→all facets p50 / p95 ms (≤500)', keys: ['facets_p50_ms', 'facets_p95_ms'] },
    { title: 'jump p50 / p95 ms (≤100)', keys: ['jump_p50_ms', 'jump_p95_ms'] },
    { title: 'sort p50 / p95 ms (≤100)', keys: ['sort_p50_ms', 'sort_p95_ms'] },
    { title: 'detail p50 / p95 ms (≤100)', keys: ['detail_p50_ms', 'detail_p95_ms'] },
    { title: 'cold start ms (≤1000)', keys: ['cold_ms'] },
    { title: 'core loop p99 / max ms (≤16 / ≤50)', keys: ['loop_p99_ms', 'loop_max_ms'] },
    { title: 'core stalled s / stalls > 100 ms', keys: ['stalled_s', 'stalls_over_100ms'] },
    { title: 'browser driver loop p99 / max ms, stalled s', keys: ['bridge_loop_p99_ms', 'bridge_loop_max_ms', 'bridge_stalled_s'] },
  ],
};
