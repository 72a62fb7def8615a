import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../../../../shared/query';
import { useTempDir } from '../../../../test-support/temp-dir';
import { openCache } from '../../cache/open-cache';
import { countMatches } from '../../cache/image-query';
import { cli } from '../../../../test-support/cli-run';

const dir = useTempDir();


describe('count and query speak the query language', () => {
  it('counts and lists with the same language as the app, and names a bad token', async () => {
    const cache = join(dir(), 'c.sqlite');
    const file = join(dir(), 'demo.jsonl');
    await cli('demo', '--count', '1500', '--out', file);
    await cli('--cache', cache, 'import', file);
    const text = 'tag:review -width:<1000';
    const counted = await cli('--cache', cache, 'count', text);
    expect(counted.code).toBe(0);
    const db = openCache(cache);
    const expected = countMatches(db, querySchema.parse({ text }));
    db.close();
    expect(Number(counted.out)).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    // Words split by the shell join back into one query (after `--`, "-width" is not an option).
    expect((await cli('--cache', cache, 'count', '--', 'tag:review', '-width:<1000')).out).toBe(counted.out);

    const listed = await cli('--cache', cache, 'query', 'tag:review width:>=1920 meta.camera:*', '--limit', '5');
    const rows = listed.out.trim().split('\n').map((l) => JSON.parse(l) as { width: number; tags: unknown[] });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.width).toBeGreaterThanOrEqual(1920);

    const bad = await cli('--cache', cache, 'count', 'tag:review widht:>1000');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('loupe: Query: unknown field: "widht" at position 11 — did you mean "width"?\n');
  });
});
