import { resolve } from 'node:path';
import { BULK_WRITER } from '../../cache/open-cache';
import { openCacheToWrite } from '../cli-cache';
import { importDemo } from '../../demo/import-demo';
import { writeDemoFile } from '../../demo/write-demo';
import { intOption, UsageError, type Command } from '../cli-types';
import { progressPrinter } from '../progress';

export const demoCommand: Command = {
  usage: `demo --out FILE [--count N] [--seed S]
                              write N generated demo records (default 100000) to FILE
  demo --load [--count N]     load generated demo records straight into the cache`,
  async run({ options, cachePath, io }) {
    const count = intOption(options.count, 'count', 100_000);
    const seed = intOption(options.seed, 'seed', 7);
    if (options.load) {
      const db = openCacheToWrite(cachePath, BULK_WRITER);
      try {
        const r = await importDemo(db, count, seed, { onProgress: progressPrinter(io) });
        io.err(`${io.isTTY ? '\r' : ''}loaded ${r.records} demo records into ${cachePath}\n`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (typeof options.out !== 'string') throw new UsageError('demo needs --out FILE (or --load)');
    const out = resolve(options.out);
    const sidecar = await writeDemoFile(out, count, seed);
    io.err(`wrote ${count} records to ${out} and names to ${sidecar}\n`);
    return 0;
  },
};
