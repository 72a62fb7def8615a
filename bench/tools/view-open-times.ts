/**
 * Times the statements one view open runs for a free-text query on a search cache.
 * Usage: npx tsx bench/tools/view-open-times.ts CACHE TEXT
 */
import Database from 'better-sqlite3';
import { querySchema } from '../../shared/query';
import { ImageViews } from '../../electron/core/cache/image-views';
import { TagNames } from '../../electron/core/cache/tag-names';

const [file, text] = process.argv.slice(2) as [string, string];
const db = new Database(file, { readonly: true });
db.pragma('cache_size = -65536');
const prepare = db.prepare.bind(db);
const times = new Map<string, number>();
let prepareMs = 0;
let execMs = 0;
const exec = db.exec.bind(db);
db.exec = ((sql: string) => {
  const t = performance.now();
  const r = exec(sql);
  execMs += performance.now() - t;
  return r;
}) as typeof db.exec;
db.prepare = ((sql: string) => {
  const t0 = performance.now();
  const stmt = prepare(sql);
  prepareMs += performance.now() - t0;
  for (const m of ['run', 'get', 'all'] as const) {
    const f = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
    (stmt as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t = performance.now();
      const r = f(...a);
      const key = sql.replace(/\s+/g, ' ').slice(0, 110);
      times.set(key, (times.get(key) ?? 0) + performance.now() - t);
      return r;
    };
  }
  return stmt;
}) as typeof db.prepare;
db.exec('CREATE TEMP TABLE warm (x)');
const views = new ImageViews(db as never, new TagNames(db as never));
const q = querySchema.parse({ text });
for (let i = 0; i < 20; i++) {
  const v = views.open(q);
  views.window(v.view_id, 0, 100);
  views.clear();
}
times.clear();
prepareMs = 0;
execMs = 0;
const t0 = performance.now();
const N = 50;
for (let i = 0; i < N; i++) {
  const v = views.open(q);
  views.window(v.view_id, 0, 100);
  views.clear();
}
console.log(`per open+window: ${((performance.now() - t0) / N).toFixed(3)} ms; prepare ${(prepareMs / N).toFixed(3)} ms; exec (CREATE/DROP) ${(execMs / N).toFixed(3)} ms`);
for (const [k, ms] of [...times].sort((a, b) => b[1] - a[1])) console.log(`${(ms / N).toFixed(3).padStart(8)} ms  ${k}`);
