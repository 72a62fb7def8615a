import { openCacheToRead } from '../cli-cache';
import { countMatches } from '../../cache/image-query';
import { DEFAULT_THUMB_SIZE } from '../../thumbs/make-thumbnail';
import { makeThumbnails } from '../../thumbs/make-thumbnails';
import { ThumbMaker } from '../../thumbs/thumb-maker';
import { ServerPixels } from '../../thumbs/server-pixels';
import { accountsOf } from '../../sync/accounts';
import { normaliseServerUrl } from '../../sync/server-url';
import { credentials } from './sync';
import { DEFAULT_THUMB_MAX_BYTES } from '../../../../shared/settings';
import { ThumbStore, thumbDirFor } from '../../thumbs/thumb-store';
import { intOption, queryArgument, UsageError, type Command } from '../cli-types';

/** Thumbnail sizes worth asking for: a grid tile at most; a larger preview is not a thumbnail. */
const MIN_SIZE = 16;
const MAX_SIZE = 1024;

export const thumbnailsCommand: Command = {
  usage: `thumbnails [QUERY] [--size 256] [--max-bytes N] [--server URL]
                              make the thumbnails of the records QUERY matches (all when
                              omitted) from their local image files — and with --server, of
                              that synced server's records, fetched with the token from
                              API_TOKEN or ~/supervisely.env — into the store beside the
                              cache (kept under N bytes, default 1 GiB, least recently used
                              out first); prints {"made","cached","missing","failed","bytes"}
                              as one JSON line; failures are named on stderr`,
  async run({ args, options, cachePath, io }) {
    const size = intOption(options.size, 'size', DEFAULT_THUMB_SIZE);
    if (size < MIN_SIZE || size > MAX_SIZE) throw new UsageError(`--size takes ${MIN_SIZE} to ${MAX_SIZE} pixels, not ${size}`);
    const maxBytes = intOption(options['max-bytes'], 'max-bytes', DEFAULT_THUMB_MAX_BYTES);
    if (maxBytes < 1) throw new UsageError('--max-bytes must be at least 1');
    const query = queryArgument(args);
    const cred = typeof options.server === 'string' ? credentials(io, options.server) : null;
    const db = openCacheToRead(cachePath);
    // Only the accounts of the server named: no other host is contacted, none without --server.
    const accounts = cred ? accountsOf(db, normaliseServerUrl(cred.server).url) : [];
    if (cred && accounts.length === 0) {
      db.close();
      throw new UsageError(`no account of ${cred.server} in this cache: sync it first (loupe sync --server URL)`);
    }
    const server = cred ? new ServerPixels(() => accounts, async () => cred.token) : null;
    const store = ThumbStore.open(thumbDirFor(cachePath), maxBytes);
    const maker = new ThumbMaker();
    let cancelled = false;
    const onSigint = () => {
      cancelled = true;
    };
    process.once('SIGINT', onSigint);
    try {
      const total = countMatches(db, query);
      let last = 0;
      const r = await makeThumbnails(db, store, maker, server, query, size, {
        isCancelled: () => cancelled,
        onProgress: ({ done }) => {
          if (!io.isTTY || Date.now() - last < 250) return;
          last = Date.now();
          io.err(`\r${done.toLocaleString('en')} of ${total.toLocaleString('en')} records   `);
        },
        onFailure: (f) => io.err(`${io.isTTY ? '\r' : ''}failed: ${f.file}: ${f.message}\n`),
      }, total);
      io.out(`${JSON.stringify({ made: r.made, cached: r.cached, missing: r.missing, failed: r.failed, bytes: r.bytes })}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      await maker.close();
      store.close();
      db.close();
    }
  },
};
