/**
 * How long removing a source takes: imports N demo records as one source (plus a small second
 * source that stays), then times removeSource. Usage: npx tsx bench/tools/remove-time.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_WRITER, openCache } from '../../electron/core/cache/open-cache';
import { importDemo } from '../../electron/core/demo/import-demo';
import { removeSource } from '../../electron/core/cache/source-store';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'loupe-remove-time-'));
  try {
    const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
    const big = await importDemo(db, n, 1);
    await importDemo(db, 2_000, 2);
    const t0 = performance.now();
    const res = removeSource(db, big.source_id as number);
    const s = (performance.now() - t0) / 1000;
    console.log(`removed ${res.records} records in ${s.toFixed(2)} s (${Math.round(res.records / s)} rows/s)`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
