import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BULK_WRITER, openCache } from '../cache/open-cache';
import { importDemo } from '../demo/import-demo';
import { writeDemoFile } from '../demo/write-demo';
import { seededRandom } from '../demo/random';
import { useTempDir } from '../../../test-support/temp-dir';
import { importPath } from './import-path';

const dir = useTempDir();
const CHILD = resolve(__dirname, '../../../test-support/crash-child.ts');
const RECORDS = 200_000;
const BEFORE = 20_000;
const KILLS = 100;

type Child = { started: Promise<void>; exit: Promise<string>; kill: () => void };

function runChild(cache: string, file: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, cache, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onStart: () => void = () => {};
  const started = new Promise<void>((res) => (onStart = res));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('started')) onStart();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<string>((res) =>
    child.on('exit', (code, signal) => {
      onStart();
      res(signal ? `killed ${signal}` : code === 0 ? out : `failed ${code}: ${err}`);
    }),
  );
  return { started, exit, kill: () => child.kill('SIGKILL') };
}

/** What the cache holds, as numbers that change if any record is lost, added or altered. */
function state(file: string) {
  const db = new Database(file);
  try {
    const check = db.pragma('quick_check', { simple: true }) as string;
    const s = db
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT source_id || ':' || id) AS distinct_n,
                total(id) AS ids, total(length(name)) AS names, max(updated_at) AS newest
           FROM images`,
      )
      .get() as { n: number; distinct_n: number; ids: number; names: number; newest: string };
    return { check, ...s };
  } finally {
    db.close();
  }
}

function copyCache(from: string, to: string): void {
  for (const ext of ['', '-wal', '-shm']) rmSync(`${to}${ext}`, { force: true });
  copyFileSync(from, to);
}

describe('crash safety of an import', () => {
  it(`leaves a consistent cache after SIGKILL at ${KILLS} random points, and a rerun imports every record once`, async () => {
    const d = dir();
    const file = join(d, 'crash.jsonl');
    await writeDemoFile(file, RECORDS, 21);
    const base = join(d, 'base.sqlite');
    const seed = openCache(base);
    await importDemo(seed, BEFORE, 5);
    seed.pragma('wal_checkpoint(TRUNCATE)');
    seed.close();
    const before = state(base);

    // One complete run in a child tells how long the import takes there.
    const full = join(d, 'full.sqlite');
    copyCache(base, full);
    const first = await runChild(full, file).exit;
    expect(first).toMatch(/^started\ndone \d+/);
    const importMs = Number(/done (\d+)/.exec(first)?.[1]);
    const after = state(full);
    expect(after.n).toBe(BEFORE + RECORDS);

    // Two kill loops at once, each on its own copy of the cache: one per core.
    const figures = { kills: 0, rolled_back: 0, completed_first: 0, corrupt: 0, lost: 0, duplicated: 0 };
    const fractions: number[] = [];
    const killLoop = async (cache: string, kills: number, seed: number) => {
      const rng = seededRandom(seed);
      copyCache(base, cache);
      for (let k = 0; k < kills; k++) {
        const child = runChild(cache, file);
        await child.started;
        const fraction = rng() * 1.05;
        await new Promise((r) => setTimeout(r, fraction * importMs));
        child.kill();
        const how = await child.exit;
        figures.kills++;
        fractions.push(fraction);
        const s = state(cache);
        if (s.check !== 'ok') figures.corrupt++;
        if (s.n !== s.distinct_n) figures.duplicated++;
        if (how.startsWith('killed') && JSON.stringify(s) === JSON.stringify(before)) {
          figures.rolled_back++;
        } else if (JSON.stringify({ ...s, check: 'ok' }) === JSON.stringify({ ...after, check: 'ok' })) {
          figures.completed_first++; // the import committed before the kill landed
          copyCache(base, cache);
        } else {
          figures.lost++;
          copyCache(base, cache);
        }
      }
    };
    const cache = join(d, 'cache.sqlite');
    await Promise.all([
      killLoop(cache, KILLS / 2, 20261124),
      killLoop(join(d, 'cache-2.sqlite'), KILLS / 2, 4211626),
    ]);
    // The rerun after the last kill: every record exactly once.
    const db = openCache(cache, BULK_WRITER);
    const resumed = await importPath(db, file);
    db.close();
    const end = state(cache);
    const phases = [0.25, 0.5, 0.75, 1, 1.05].map((p, i, a) => ({
      upto: p,
      kills: fractions.filter((f) => f <= p && f > (a[i - 1] ?? 0)).length,
    }));
    console.log(
      `crash test: ${JSON.stringify(figures)}; import ${importMs} ms; kill points by fraction of the import: ${JSON.stringify(phases)}; rerun inserted ${resumed.inserted}`,
    );
    expect(figures.kills).toBe(KILLS);
    expect(figures.corrupt + figures.lost + figures.duplicated).toBe(0);
    expect(figures.rolled_back).toBeGreaterThan(KILLS / 2);
    expect(end).toEqual({ ...after });
    expect(existsSync(`${cache}-journal`)).toBe(false);
  }, 2_400_000);
});
