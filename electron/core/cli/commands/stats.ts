import { openCacheToRead } from '../cli-cache';
import { cacheStats, type CacheStats } from '../../export/cache-stats';
import { histogramIdSchema, STANDARD_HISTOGRAM_IDS } from '../../../../shared/stats';
import { histogram } from '../../cache/histograms';
import { queryArgument, UsageError, type Command } from '../cli-types';

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [`${title}`, line(head), ...rows.map(line), ''].join('\n');
}

function text(s: CacheStats): string {
  const label = new Map(s.sources.map((x) => [x.id, x.label]));
  return [
    `${s.images} images in ${s.sources.length} ${s.sources.length === 1 ? 'source' : 'sources'}\n`,
    table('By source', ['images', 'source', 'kind', 'last import'], s.sources.map((x) => [x.images, x.label, x.kind, x.last_import_at ?? '—'])),
    table('By dataset', ['images', 'source', 'dataset'], s.datasets.map((d) => [d.images, label.get(d.source_id) ?? '', d.dataset])),
    table('By tag', ['images', 'source', 'tag'], s.tags.map((t) => [t.images, label.get(t.source_id) ?? '', t.tag])),
  ].join('\n');
}

export const statsCommand: Command = {
  usage: `stats [--json]              count images by source, dataset and tag
  stats [QUERY] --histogram FIELD
                              QUERY's records binned by FIELD (size, width, height,
                              megapixels, aspect, labels, created, updated, meta.KEY) as JSON`,
  async run({ args, options, cachePath, io }) {
    if (args.length > 0 && options.histogram === undefined) {
      throw new UsageError('stats takes a QUERY only with --histogram FIELD');
    }
    const db = openCacheToRead(cachePath);
    try {
      if (typeof options.histogram === 'string') {
        // meta.KEY as the query language writes it; meta:KEY as facets and the panel do.
        const field = options.histogram.replace(/^meta\./, 'meta:');
        const parsed = histogramIdSchema.safeParse(field);
        if (!parsed.success) {
          throw new UsageError(`--histogram takes ${STANDARD_HISTOGRAM_IDS.join(', ')} or meta.KEY, not "${options.histogram}"`);
        }
        const id = parsed.data;
        io.out(`${JSON.stringify(histogram(db, queryArgument(args), id))}\n`);
        return 0;
      }
      const s = cacheStats(db);
      io.out(options.json ? `${JSON.stringify(s, null, 2)}\n` : text(s));
      return 0;
    } finally {
      db.close();
    }
  },
};
