import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import { toSdkJson } from '../../../shared/image-info';
import { querySchema } from '../../../shared/query';
import { openCache, type Db } from '../cache/open-cache';
import { resolveCachePath } from '../cache/cache-path';
import { countMatches, iterateMatches } from '../cache/image-query';
import { importFile } from '../import/import-file';
import { writeDemoFile } from '../demo/write-demo';
import { importDemo } from '../demo/import-demo';
import type { ImportProgress } from '../import/import-records';

export const USAGE = `Usage: loupe [--cache FILE] <command> [options]

Commands:
  import PATH                 import a JSON / JSONL dump of ImageInfo records (.gz too)
  count [QUERY]               print how many records match QUERY (free text on names)
  query [QUERY] [--limit N]   print matching records as JSON Lines (SDK snake_case form)
  demo --out FILE [--count N] [--seed S]
                              write N generated demo records (default 100000) to FILE
  demo --load [--count N]     load generated demo records straight into the cache

Options:
  --cache FILE   the cache file (default: $LOUPE_CACHE, else the app's cache)
  -h, --help     show this help`;

/** Where the CLI writes; a test passes buffers, the binary passes the process streams. */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
};

class UsageError extends Error {}

function progressPrinter(io: CliIo): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    if (!io.isTTY || Date.now() - last < 250) return;
    last = Date.now();
    const pct = p.fraction === null ? '' : ` (${Math.round(p.fraction * 100)}%)`;
    io.err(`\r${p.records.toLocaleString('en')} records${pct}   `);
  };
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let db: Db | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cache: { type: 'string' },
        limit: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        load: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...args] = positionals;
    if (values.help || !command) {
      io.out(`${USAGE}\n`);
      return command || values.help ? 0 : 2;
    }
    const cachePath = resolveCachePath({
      argv: values.cache ? ['--cache', values.cache] : [],
      env: io.env,
    });
    const query = () => querySchema.parse({ text: args.join(' ') });
    switch (command) {
      case 'import': {
        if (args.length !== 1) throw new UsageError('import takes one PATH');
        db = openCache(cachePath, { cacheMiB: 256 });
        const started = Date.now();
        const r = await importFile(db, args[0] as string, { onProgress: progressPrinter(io) });
        const secs = (Date.now() - started) / 1000;
        if (io.isTTY) io.err('\r');
        io.err(
          `imported ${r.records} records from ${resolve(args[0] as string)} in ${secs.toFixed(1)} s: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged\n`,
        );
        return 0;
      }
      case 'count': {
        db = openCache(cachePath);
        io.out(`${countMatches(db, query())}\n`);
        return 0;
      }
      case 'query': {
        db = openCache(cachePath);
        const limit = values.limit === undefined ? undefined : intOption(values.limit, 'limit', 0);
        let buf = '';
        for (const info of iterateMatches(db, query(), limit)) {
          buf += `${JSON.stringify(toSdkJson(info))}\n`;
          if (buf.length > 1 << 16) {
            io.out(buf);
            buf = '';
          }
        }
        io.out(buf);
        return 0;
      }
      case 'demo': {
        const count = intOption(values.count, 'count', 100_000);
        const seed = intOption(values.seed, 'seed', 7);
        if (values.load) {
          db = openCache(cachePath, { cacheMiB: 256 });
          const r = await importDemo(db, count, seed, { onProgress: progressPrinter(io) });
          io.err(`${io.isTTY ? '\r' : ''}loaded ${r.records} demo records into ${cachePath}\n`);
          return 0;
        }
        if (!values.out) throw new UsageError('demo needs --out FILE (or --load)');
        const sidecar = await writeDemoFile(resolve(values.out), count, seed);
        io.err(`wrote ${count} records to ${resolve(values.out)} and names to ${sidecar}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`loupe: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof LoupeError) {
      io.err(`loupe: ${err.message}\n`);
      return 1;
    }
    io.err(`loupe: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    db?.close();
  }
}
