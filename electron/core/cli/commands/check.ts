import { CHECK_IDS, type CheckSummary } from '../../../../shared/quality-checks';
import { openCacheToRead } from '../cli-cache';
import { checkFindings } from '../../cache/quality-checks';
import { queryArgument, type Command } from '../cli-types';

/** The exit code when a check found something, so a CI step can gate on it (README). */
export const FINDINGS_EXIT_CODE = 3;

export const checkCommand: Command = {
  usage: `check [QUERY]               run the quality checks over QUERY's records: one JSON line
                              per finding {"check","id","name","dataset","detail"}, then
                              {"summary":{check: count,…}}; exit 0 if none, 3 if any`,
  async run({ args, cachePath, io }) {
    const query = queryArgument(args);
    const db = openCacheToRead(cachePath);
    try {
      const summary = Object.fromEntries(CHECK_IDS.map((id) => [id, 0])) as CheckSummary;
      let found = 0;
      for (const f of checkFindings(db, query)) {
        io.out(`${JSON.stringify(f)}\n`);
        summary[f.check]++;
        found++;
      }
      io.out(`${JSON.stringify({ summary })}\n`);
      return found > 0 ? FINDINGS_EXIT_CODE : 0;
    } finally {
      db.close();
    }
  },
};
