import type { ImportProblem, JobResult } from '../../../shared/jobs';
import { PROBLEM_PREVIEW } from '../../../shared/jobs';
import type { Query } from '../../../shared/query';
import { countMatches } from '../cache/image-query';
import type { Db } from '../cache/open-cache';
import type { ImportProgress } from '../import/import-records';
import { DEFAULT_THUMB_SIZE, makeThumbnail } from './make-thumbnail';
import { makeThumbnails } from './make-thumbnails';
import { listAccounts } from '../sync/accounts';
import { ServerPixels } from './server-pixels';
import { ThumbFailure, type Maker } from './thumb-maker';
import { ThumbStore, thumbDirFor } from './thumb-store';

/**
 * Decodes in the job's own worker thread (already off main), a few files at a time through
 * libvips' thread pool; refusals become ThumbFailures like the pool's.
 */
const inThisThread: Maker = {
  parallelism: 4,
  make: (input, size) =>
    makeThumbnail(input, size).catch((err: unknown) => {
      throw new ThumbFailure(err instanceof Error ? err.message : String(err));
    }),
};

/** The job's spec: the view, and the tokens of the connected accounts (in memory only, like sync's). */
export type ThumbnailJobSpec = { kind: 'thumbnails'; query: Query; tokens: Record<number, string> };

/**
 * "Make thumbnails for this view": every record the query matches gets its thumbnail in the
 * store beside the cache — from its local file, or fetched from its connected server — so the
 * grid works offline. Reported like an import: `inserted` made, `unchanged` already there,
 * `skipped` without pixels, each undecodable file or unfetchable server image a problem.
 */
export async function thumbnailJob(
  db: Db,
  spec: ThumbnailJobSpec,
  hooks: { isCancelled: () => boolean; onProgress: (p: ImportProgress) => void; onProblem: (p: ImportProblem) => void },
): Promise<JobResult> {
  const store = ThumbStore.open(thumbDirFor(db.name));
  try {
    const query = spec.query;
    const total = countMatches(db, query);
    const problems: ImportProblem[] = [];
    const accounts = listAccounts(db);
    const server = new ServerPixels(() => accounts, async (a) => spec.tokens[a.source_id] ?? null);
    const r = await makeThumbnails(db, store, inThisThread, server, query, DEFAULT_THUMB_SIZE, {
      isCancelled: hooks.isCancelled,
      onProgress: ({ done }) => hooks.onProgress({ records: done, fraction: total > 0 ? done / total : null }),
      onFailure: (f) => {
        const problem = { file: f.file, line: null, field: null, message: f.message };
        if (problems.length < PROBLEM_PREVIEW) problems.push(problem);
        hooks.onProblem(problem);
      },
    }, total);
    return {
      records: r.made + r.cached + r.missing + r.failed,
      inserted: r.made,
      updated: 0,
      unchanged: r.cached,
      source_id: null,
      skipped: r.missing + r.failed,
      problems,
      warnings: r.missing > 0 ? [`${r.missing} record${r.missing === 1 ? ' has' : 's have'} no local image file and no connected server`] : [],
    };
  } finally {
    store.close();
  }
}
