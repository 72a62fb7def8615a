/**
 * Imports a JSONL file into a fresh cache opened like the import worker and prints how long
 * each db.exec statement took (CREATE INDEX, COMMIT, …) and the time spent per phase.
 * Usage: npx tsx bench/tools/exec-times.ts FILE [--threads N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_WRITER, openCache } from '../../electron/core/cache/open-cache';
import { importFile } from '../../electron/core/import/import-file';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('usage: exec-times FILE');
  const dir = mkdtempSync(join(tmpdir(), 'loupe-exec-times-'));
  try {
    const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
    const exec = db.exec.bind(db);
    const times: [string, number][] = [];
    db.exec = (sql: string) => {
      const t = performance.now();
      const r = exec(sql);
      const ms = performance.now() - t;
      if (ms > 20) times.push([sql.replace(/\s+/g, ' ').slice(0, 90), ms]);
      return r;
    };
    const t0 = performance.now();
    const res = await importFile(db, file);
    const total = performance.now() - t0;
    for (const [sql, ms] of times) console.log(`${(ms / 1000).toFixed(2).padStart(7)} s  ${sql}`);
    console.log(`total ${(total / 1000).toFixed(2)} s for ${res.records} records`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
