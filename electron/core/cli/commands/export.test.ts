import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test-support/temp-dir';
import { cli } from '../../../../test-support/cli-run';

const dir = useTempDir();


describe('loupe export and stats', () => {
  it('exports what a query matches, with the chosen columns, and counts by source, dataset and tag', async () => {
    const cache = join(dir(), 'c.sqlite');
    expect((await cli('--cache', cache, 'demo', '--load', '--count', '2000')).code).toBe(0);
    const matching = Number((await cli('--cache', cache, 'count', 'street')).out);
    expect(matching).toBeGreaterThan(0);
    const out = join(dir(), 'street.csv');
    const res = await cli('--cache', cache, 'export', 'street', '--format', 'csv', '--out', out, '--columns', 'id,name,dataset');
    expect(res).toMatchObject({ code: 0, out: '' });
    expect(res.err).toMatch(new RegExp(`^exported ${matching} records to .*street\\.csv`));
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,name,dataset');
    expect(lines).toHaveLength(matching + 1);
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'))).toMatchObject({ rows: matching, query_text: 'street', app_version: expect.stringMatching(/^\d+\.\d+/) });

    const stats = await cli('--cache', cache, 'stats', '--json');
    const s = JSON.parse(stats.out) as { images: number; sources: { images: number }[]; datasets: { images: number }[]; tags: { tag: string }[] };
    expect(s.images).toBe(2000);
    expect(s.sources[0]?.images).toBe(2000);
    expect(s.datasets.reduce((a, d) => a + d.images, 0)).toBe(2000);
    expect(s.tags.map((t) => t.tag)).toContain('review');
    expect((await cli('--cache', cache, 'stats')).out).toMatch(/^2000 images in 1 source\n\nBy source\n/);
  });

  it('says what is wrong: usage errors exit 2, failures exit 1 and leave nothing', async () => {
    const cache = join(dir(), 'c.sqlite');
    await cli('--cache', cache, 'demo', '--load', '--count', '10');
    expect(await cli('--cache', cache, 'export', '--format', 'xls', '--out', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/needs --format csv\|json/) });
    expect((await cli('--cache', cache, 'export', '--format', 'csv')).err).toMatch(/needs --out PATH/);
    expect((await cli('--cache', cache, 'export', '--format', 'csv', '--out', 'x', '--columns', 'id,colour')).err).toMatch(/unknown column "colour"/);
    const bad = join(dir(), 'nowhere', 'x.csv');
    const res = await cli('--cache', cache, 'export', '--format', 'csv', '--out', bad);
    expect(res).toMatchObject({ code: 1, err: expect.stringMatching(/^loupe: The folder .*nowhere does not exist/) });
    expect(existsSync(bad)).toBe(false);
    expect((await cli('--help')).out).toMatch(/export \[QUERY\] --format F --out PATH/);
  });
});
