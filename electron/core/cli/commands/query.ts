import { toSdkJson } from '../../../../shared/image-info';
import { querySchema } from '../../../../shared/query';
import { openCache } from '../../cache/open-cache';
import { iterateMatches } from '../../cache/image-query';
import { intOption, type Command } from '../cli-types';

export const queryCommand: Command = {
  usage: 'query [QUERY] [--limit N]   print matching records as JSON Lines (SDK snake_case form)',
  async run({ args, options, cachePath, io }) {
    const db = openCache(cachePath);
    try {
      const limit = options.limit === undefined ? undefined : intOption(options.limit, 'limit', 0);
      let buf = '';
      for (const info of iterateMatches(db, querySchema.parse({ text: args.join(' ') }), limit)) {
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
