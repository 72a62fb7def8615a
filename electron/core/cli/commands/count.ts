import { querySchema } from '../../../../shared/query';
import { openCache } from '../../cache/open-cache';
import { countMatches } from '../../cache/image-query';
import type { Command } from '../cli-types';

export const countCommand: Command = {
  usage: `count [QUERY]               print how many records match QUERY, written in the query
                              language: 'tag:review -width:<1000 meta.camera:"cam 07"'`,
  async run({ args, cachePath, io }) {
    const db = openCache(cachePath);
    try {
      io.out(`${countMatches(db, querySchema.parse({ text: args.join(' ') }))}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
