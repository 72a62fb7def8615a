import { resolve } from 'node:path';
import type { ImportProblem } from '../../../../shared/jobs';
import { BULK_WRITER } from '../../cache/open-cache';
import { openCacheToWrite } from '../cli-cache';
import { importPath } from '../../import/import-path';
import { writeProblemReport } from '../../import/problem-report';
import { UsageError, type Command } from '../cli-types';
import { progressPrinter } from '../progress';

export const importCommand: Command = {
  usage: `import PATH [--skip-bad [--report FILE]]
                              import a dump (.json, .jsonl, .ndjson, .gz) or a Supervisely
                              project folder; all or nothing unless --skip-bad`,
  async run({ args, options, cachePath, io }) {
    if (args.length !== 1) throw new UsageError('import takes one PATH');
    if (options.report !== undefined && !options['skip-bad']) {
      throw new UsageError('--report goes with --skip-bad');
    }
    const path = resolve(args[0] as string);
    const db = openCacheToWrite(cachePath, BULK_WRITER);
    try {
      const started = Date.now();
      const problems: ImportProblem[] = [];
      const r = await importPath(db, path, {
        onProgress: progressPrinter(io),
        skipBad: Boolean(options['skip-bad']),
        onProblem: (p) => problems.push(p),
      });
      const secs = (Date.now() - started) / 1000;
      if (io.isTTY) io.err('\r');
      for (const w of r.warnings ?? []) io.err(`warning: ${w}\n`);
      for (const p of problems.slice(0, 20)) io.err(`skipped: ${p.message}\n`);
      if (problems.length > 20) io.err(`skipped: … and ${problems.length - 20} more\n`);
      if (typeof options.report === 'string') {
        writeProblemReport(resolve(options.report), `Import of ${path}`, problems, problems.length);
      }
      io.err(
        `imported ${r.records} records from ${path} in ${secs.toFixed(1)} s: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} skipped` : ''}\n`,
      );
      // Records read (kept or skipped) per second of the whole import, index builds included.
      const rate = Math.round((r.records + (r.skipped ?? 0)) / Math.max(secs, 0.001));
      io.err(`${rate.toLocaleString('en-US')} records/s\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
