import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { replaceLine } from '../../../test-support/fixtures';
import { cli } from '../../../test-support/cli-run';

const dir = useTempDir();


describe('loupe CLI', () => {
  it('writes demo data, imports it, counts and queries it', async () => {
    const cache = join(dir(), 'c.sqlite');
    const file = join(dir(), 'demo.jsonl');
    expect((await cli('demo', '--count', '1000', '--out', file)).code).toBe(0);
    const imp = await cli('--cache', cache, 'import', file);
    expect(imp).toMatchObject({ code: 0 });
    expect(imp.err).toMatch(/imported 1000 records .* 1000 new/);
    expect(imp.err).toMatch(/\n[\d,]+ records\/s\n$/);
    expect((await cli('--cache', cache, 'count')).out).toBe('1000\n');
    const frames = Number((await cli('--cache', cache, 'count', 'frame_')).out);
    expect(frames).toBeGreaterThan(0);
    const q = await cli('--cache', cache, 'query', 'frame_', '--limit', '3');
    const lines = q.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.name).toMatch(/frame_/);
      expect(Object.keys(l)).toContain('labels_count');
      expect(Object.keys(l)).not.toContain('labelsCount');
    }
  });

  it('refuses a file with a malformed line 7 and the count stays the same', async () => {
    const cache = join(dir(), 'c.sqlite');
    const file = join(dir(), 'd.jsonl');
    await cli('demo', '--count', '200', '--out', file);
    await cli('--cache', cache, 'import', file);
    const other = join(dir(), 'e.jsonl');
    await cli('demo', '--count', '20', '--seed', '9', '--out', other);
    replaceLine(other, 7, '{"id": 1, "name": "x" "y"}', (f) => readFileSync(f, 'utf8'));
    const before = (await cli('--cache', cache, 'count')).out;
    const res = await cli('--cache', cache, 'import', other);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^loupe: e\.jsonl line 7: not valid JSON/);
    expect((await cli('--cache', cache, 'count')).out).toBe(before);
  });

  it('explains usage errors with exit code 2', async () => {
    const res = await cli('frobnicate');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/unknown command "frobnicate"/);
    // A temporary cache: a usage error must not depend on what the user's own cache holds.
    expect((await cli('--cache', join(dir(), 'u.sqlite'), 'query', '--limit', 'many')).err).toMatch(/--limit takes a whole number/);
    expect((await cli('--help')).out).toMatch(/^Usage: loupe/);
  });
});
