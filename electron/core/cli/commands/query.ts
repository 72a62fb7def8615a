import { toSdkJson } from '../../../../shared/image-info';
import { openCacheToRead } from '../cli-cache';
import { iterateMatches } from '../../cache/image-query';
import { intOption, queryArgument, type Command } from '../cli-types';

export const queryCommand: Command = {
  usage: 'query [QUERY] [--limit N]   print matching records as JSON Lines (SDK snake_case form)',
  async run({ args, options, cachePath, io }) {
    const limit = options.limit === undefined ? undefined : intOption(options.limit, 'limit', 0);
    const query = queryArgument(args);
    const db = openCacheToRead(cachePath);
    try {
      let buf = '';
      for (const info of iterateMatches(db, query, limit)) {
        buf += `${JSON.stringify(toSdkJson(info))}\n`;
        if (buf.length > 1 << 16) {
          io.out(buf);
          buf = '';
        }
      }
      io.out(buf);
      return 0;
    } finally {
      db.close();
    }
  },
};
