import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useReadOnlyFolder } from '../../../test-support/read-only';
import { useTempDir } from '../../../test-support/temp-dir';
import { cli } from '../../../test-support/cli-run';

const dir = useTempDir();
const readOnly = useReadOnlyFolder();


/** A failure the way the user must see it: exit code and exactly one line on stderr. */
function oneLine(r: { code: number; err: string }, code: number, pattern: RegExp) {
  const err = r.err.trimEnd();
  expect({ code: r.code, lines: err.split('\n').length, err }).toEqual({ code, lines: 1, err: expect.stringMatching(pattern) });
}

const nest = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('CLI failures are one line naming the file, line, field or argument', () => {
  it('a query that breaks the schema, the syntax or SQLite', async () => {
    const cache = join(dir(), 'c.sqlite');
    await cli('--cache', cache, 'demo', '--load', '--count', '50');
    oneLine(await cli('--cache', cache, 'count', 'x'.repeat(4001)), 1, /^loupe: QUERY: text: Too big: expected string to have <=4000 characters/);
    oneLine(await cli('--cache', cache, 'query', 'x'.repeat(4001)), 1, /^loupe: QUERY: text: Too big/);
    oneLine(await cli('--cache', cache, 'export', 'x'.repeat(4001), '--format', 'csv', '--out', join(dir(), 'x.csv')), 1, /^loupe: QUERY: query\.text: Too big/);
    oneLine(await cli('--cache', cache, 'count', 'width:>abc'), 1, /^loupe: .*width/);
    // However the query path answers a thousand negations, the answer is one line.
    // A thousand negations: SQLite's limit today, the query path's own cap once it has one.
    const many = await cli('--cache', cache, 'count', '--', Array.from({ length: 1000 }, () => '-ab').join(' '));
    expect(many.code).not.toBe(0);
    oneLine(many, many.code, /^loupe: /);
    oneLine(await cli('frobnicate'), 2, /^loupe: unknown command "frobnicate"/);
  });

  it('an empty or damaged .gz, an empty file, and a record nested too deep that --skip-bad skips', async () => {
    const cache = join(dir(), 'c.sqlite');
    const gz = join(dir(), 'z.jsonl.gz');
    writeFileSync(gz, '');
    oneLine(await cli('--cache', cache, 'import', gz), 1, /^loupe: z\.jsonl\.gz: not a valid gzip file \(unexpected end of file\)\.$/);
    const empty = join(dir(), 'e.jsonl');
    writeFileSync(empty, '');
    oneLine(await cli('--cache', cache, 'import', empty), 1, /^loupe: No records in e\.jsonl\.$/);
    const deep = join(dir(), 'd.jsonl');
    writeFileSync(deep, `{"id":1,"name":"a.jpg","meta":{"k":1}}\n{"id":2,"name":"b.jpg","meta":${nest(6000)}}\n`);
    oneLine(await cli('--cache', cache, 'import', deep), 1, /^loupe: d\.jsonl line 2, field meta: nested deeper than 64 levels\.$/);
    const skipped = await cli('--cache', cache, 'import', deep, '--skip-bad');
    expect(skipped.code).toBe(0);
    expect(skipped.err).toMatch(/skipped: d\.jsonl line 2, field meta: nested deeper than 64 levels/);
    expect((await cli('--cache', cache, 'count')).out).toBe('1\n');
  });
});

describe('a read-only cache', () => {
  async function readOnlyCache() {
    const folder = join(dir(), 'ro');
    const cache = join(folder, 'c.sqlite');
    await cli('--cache', cache, 'demo', '--load', '--count', '300');
    const count = (await cli('--cache', cache, 'count', 'tag:review')).out;
    expect(readdirSync(folder)).toEqual(['c.sqlite']);
    readOnly(folder);
    return { folder, cache, count, bytes: readFileSync(cache) };
  }

  it('answers count, query, stats and export, and leaves nothing beside it', async () => {
    const { folder, cache, count } = await readOnlyCache();
    expect(await cli('--cache', cache, 'count', 'tag:review')).toEqual({ code: 0, out: count, err: '' });
    const q = await cli('--cache', cache, 'query', 'tag:review', '--limit', '2');
    expect(q.code).toBe(0);
    expect(q.out.trim().split('\n')).toHaveLength(2);
    expect((await cli('--cache', cache, 'stats')).out).toMatch(/^300 images in 1 source/);
    const out = join(dir(), 'review.jsonl');
    const ex = await cli('--cache', cache, 'export', 'tag:review', '--format', 'jsonl', '--out', out);
    expect(ex.code).toBe(0);
    expect(`${readFileSync(out, 'utf8').trim().split('\n').length}\n`).toBe(count);
    expect(readdirSync(folder)).toEqual(['c.sqlite']);
  });

  it('refuses import and demo --load in one line, writing nothing and leaving no -wal or -shm', async () => {
    const { folder, cache, bytes } = await readOnlyCache();
    const file = join(dir(), 'more.jsonl');
    await cli('demo', '--count', '10', '--out', file);
    oneLine(await cli('--cache', cache, 'import', file), 1, new RegExp(`^loupe: The cache is read-only: ${cache.replace(/[.]/g, '\\.')}$`));
    oneLine(await cli('--cache', cache, 'demo', '--load', '--count', '5'), 1, /^loupe: The cache is read-only: /);
    oneLine(await cli('--cache', join(folder, 'new.sqlite'), 'import', file), 1, /^loupe: Cannot create the cache .*new\.sqlite: its folder is read-only\.$/);
    expect(readdirSync(folder)).toEqual(['c.sqlite']);
    expect(readFileSync(cache).equals(bytes)).toBe(true);
  });
});

describe('an empty file given as --cache', () => {
  it('is refused, not silently made a new cache', async () => {
    const cache = join(dir(), 'notes.txt');
    writeFileSync(cache, '');
    for (const argv of [['count'], ['demo', '--load', '--count', '5']]) {
      oneLine(await cli('--cache', cache, ...argv), 1, /^loupe: --cache .*notes\.txt: the file is empty, so it is not a Loupe cache/);
    }
    expect(readFileSync(cache, 'utf8')).toBe('');
    expect(existsSync(`${cache}-wal`)).toBe(false);
  });
});
