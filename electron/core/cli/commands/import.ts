import { resolve } from 'node:path';
import { openCache } from '../../cache/open-cache';
import { importFile } from '../../import/import-file';
import { UsageError, type Command } from '../cli-types';
import { progressPrinter } from '../progress';

export const importCommand: Command = {
  usage: 'import PATH                 import a JSON / JSONL dump of ImageInfo records (.gz too)',
  async run({ args, cachePath, io }) {
    if (args.length !== 1) throw new UsageError('import takes one PATH');
    const db = openCache(cachePath, { cacheMiB: 256 });
    try {
      const started = Date.now();
      const r = await importFile(db, args[0] as string, { onProgress: progressPrinter(io) });
      const secs = (Date.now() - started) / 1000;
      io.err(
        `${io.isTTY ? '\r' : ''}imported ${r.records} records from ${resolve(args[0] as string)} in ${secs.toFixed(1)} s: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
