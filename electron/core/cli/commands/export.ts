import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXPORT_COLUMNS, EXPORT_FORMATS, exportRequestSchema, type ExportColumn } from '../../../../shared/export';
import { SORTABLE_KEYS } from '../../../../shared/columns';
import { openCacheToRead } from '../cli-cache';
import { runExport } from '../../export/run-export';
import { parseArgument, UsageError, type Command } from '../cli-types';
import { progressPrinter } from '../progress';

/** Text wrapped at word boundaries, each line indented. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

function listOption(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError('--columns takes a comma-separated list');
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `--sort size:desc` (the table's sortable columns); name ascending by default. */
function sortOption(value: unknown): { key: string; dir: 'asc' | 'desc' }[] {
  if (value === undefined) return [{ key: 'name', dir: 'asc' }];
  const [key, dir = 'asc'] = String(value).split(':');
  if (!key || !(SORTABLE_KEYS as readonly string[]).includes(key) || (dir !== 'asc' && dir !== 'desc')) {
    throw new UsageError(`--sort takes KEY[:asc|desc] with KEY one of ${SORTABLE_KEYS.join(', ')}`);
  }
  return [{ key, dir }];
}

/** The app version for the manifest: package.json's, as the CLI runs from a checkout. */
function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export const exportCommand: Command = {
  usage: `export [QUERY] --format F --out PATH [--columns a,b] [--sort KEY[:desc]] [--bom] [--raw] [--meta-columns]
                              write the records QUERY matches (all when omitted) as
                              F = ${EXPORT_FORMATS.join(' | ')}; PATH is a file, or a new
                              folder for supervisely; a manifest goes beside it.
                              --columns picks columns (default: every ImageInfo field):
${wrap(EXPORT_COLUMNS.join(', '), 30, 64)}
                              --bom: CSV starts with a byte-order mark (Excel); --raw: no
                              formula protection; --meta-columns: one meta.KEY column per key`,
  async run({ args, options, cachePath, io }) {
    const format = options.format;
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')}`);
    }
    if (typeof options.out !== 'string') throw new UsageError('export needs --out PATH');
    const columns = listOption(options.columns);
    const unknown = columns?.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c)) ?? [];
    if (unknown.length) throw new UsageError(`unknown column ${unknown.map((c) => `"${c}"`).join(', ')}`);
    if (columns && format === 'supervisely') throw new UsageError('a Supervisely project always holds complete records: leave out --columns');
    const request = parseArgument(
      exportRequestSchema,
      {
        query: { text: args.join(' '), sort: sortOption(options.sort) },
        format,
        columns: (columns as ExportColumn[] | undefined) ?? null,
        options: { bom: Boolean(options.bom), raw: Boolean(options.raw), meta: options['meta-columns'] ? 'columns' : 'json' },
      },
      'QUERY',
    );
    const dest = resolve(options.out);
    const db = openCacheToRead(cachePath);
    let cancelled = false;
    const onSigint = () => {
      cancelled = true;
    };
    process.once('SIGINT', onSigint);
    try {
      const started = Date.now();
      const r = await runExport(db, { request, dest, appVersion: appVersion() }, {
        isCancelled: () => cancelled,
        onProgress: progressPrinter(io),
      });
      const secs = (Date.now() - started) / 1000;
      io.err(`${io.isTTY ? '\r' : ''}exported ${r.records} records to ${dest} in ${secs.toFixed(1)} s (manifest: ${r.output?.manifest})\n`);
      for (const w of r.warnings ?? []) io.err(`warning: ${w}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      db.close();
    }
  },
};
