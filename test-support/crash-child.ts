import { BULK_WRITER, openCache } from '../electron/core/cache/open-cache';
import { importPath } from '../electron/core/import/import-path';

/**
 * Child process of the crash-safety test: imports one path into one cache and says when the
 * import starts and ends, so the parent can kill it at a random point in between.
 */
async function main(): Promise<void> {
  const [cachePath, path] = process.argv.slice(2);
  const db = openCache(cachePath as string, BULK_WRITER);
  const started = performance.now();
  process.stdout.write('started\n');
  await importPath(db, path as string);
  db.close();
  process.stdout.write(`done ${Math.round(performance.now() - started)}\n`);
}

void main();
