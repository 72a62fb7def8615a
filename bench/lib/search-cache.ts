import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCache } from '../../electron/core/cache/open-cache';
import { refreshFacetCounts } from '../../electron/core/cache/facet-counts';
import { importDemo } from '../../electron/core/demo/import-demo';
import { DATA_CACHE, REPO_ROOT } from './demo-data';
import type { Logger } from './types';

/** What a search cache depends on: the demo generator, the schema and the search index code. */
const SOURCES = [
  'electron/core/demo/generate-demo.ts',
  'electron/core/demo/demo-project.ts',
  'electron/core/demo/random.ts',
  'electron/core/cache/search-index.ts',
  'electron/core/cache/image-writer.ts',
  'electron/core/cache/browse-indexes.ts',
  'electron/core/cache/migrations/index.ts',
  'electron/core/cache/migrations/0030-search.ts',
  'shared/search-text.ts',
];

function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of SOURCES) h.update(readFileSync(join(REPO_ROOT, f)));
  return h.digest('hex').slice(0, 10);
}

/**
 * A cache of `scale` demo records (seed 42) with every index and the whole-cache facet counts
 * built — the state of a cache the app has opened before — for the search benchmarks (B2,
 * B3, B4, B6, B10). Built once through the real bulk import and kept in the data cache folder,
 * keyed by scale and a hash of the code that shapes it. Cases open it read-mostly.
 */
export async function searchCache(scale: number, log: Logger): Promise<string> {
  const prefix = `search-${scale}-s42-`;
  const file = join(DATA_CACHE, `${prefix}${sourceHash()}.sqlite`);
  if (existsSync(file)) {
    log(`cache: ${file} (cached)`);
    return file;
  }
  mkdirSync(DATA_CACHE, { recursive: true });
  for (const f of readdirSync(DATA_CACHE)) if (f.startsWith(prefix)) rmSync(join(DATA_CACHE, f));
  const tmp = `${file}.building`;
  rmSync(tmp, { force: true });
  const t0 = performance.now();
  log(`cache: importing ${scale.toLocaleString('en')} demo records into ${tmp}…`);
  const db = openCache(tmp, { cacheMiB: 256 });
  try {
    let last = 0;
    await importDemo(db, scale, 42, {
      onProgress: ({ records }) => {
        if (records - last >= 1_000_000) {
          last = records;
          log(`cache: ${records.toLocaleString('en')} records, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        }
      },
    });
    refreshFacetCounts(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(tmp, file);
  log(`cache: built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return file;
}

if (require.main === module) {
  // `npx tsx bench/lib/search-cache.ts 10000000` builds a cache ahead of a benchmark.
  const scale = Number(process.argv[2] ?? 1_000_000);
  searchCache(scale, (m) => process.stderr.write(`${m}\n`)).catch((err: unknown) => {
    process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
    process.exitCode = 1;
  });
}
