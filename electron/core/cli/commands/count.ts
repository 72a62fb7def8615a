import { openCacheToRead } from '../cli-cache';
import { countMatches } from '../../cache/image-query';
import { queryArgument, type Command } from '../cli-types';

export const countCommand: Command = {
  usage: `count [QUERY]               print how many records match QUERY, written in the query
                              language: 'tag:review -width:<1000 meta.camera:"cam 07"'`,
  async run({ args, cachePath, io }) {
    const query = queryArgument(args);
    const db = openCacheToRead(cachePath);
    try {
      io.out(`${countMatches(db, query)}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
