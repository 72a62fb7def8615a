import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { readAhead, type ReadResult } from './read-ahead';

const dir = useTempDir();

async function collect<T>(items: { item: T; tries: string[] }[], max = 1 << 20) {
  const out: { item: T; result: ReadResult }[] = [];
  for await (const r of readAhead(items, max)) out.push(r);
  return out;
}

describe('readAhead', () => {
  it('reads each item’s first existing candidate on its own thread, in order, across many batches', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => {
      const file = join(dir(), `f${i}.json`);
      // Every third item exists only under its second (legacy) name; multi-byte text too.
      if (i % 3 === 0) writeFileSync(join(dir(), `legacy${i}.json`), `{"n":${i},"s":"Zürich 東京"}`);
      else writeFileSync(file, `{"n":${i}}`);
      return { item: i, tries: [file, join(dir(), `legacy${i}.json`)] };
    });
    // A file too large to travel in a batch (over 64 KiB) is read by the caller, in its turn.
    const big = join(dir(), 'f500.json');
    writeFileSync(big, JSON.stringify({ n: 500, pad: 'y'.repeat(100_000) }));
    const out = await collect(items);
    expect(out.map((r) => r.item)).toEqual(items.map((x) => x.item));
    expect((out[500]?.result as { text: string }).text.length).toBeGreaterThan(100_000);
    for (const { item, result } of out) {
      expect(result.kind).toBe('text');
      if (result.kind !== 'text') continue;
      expect(JSON.parse(result.text).n).toBe(item);
      expect(result.file.endsWith(item % 3 === 0 ? `legacy${item}.json` : `f${item}.json`)).toBe(true);
    }
    expect(JSON.parse((out[0]?.result as { text: string }).text).s).toBe('Zürich 東京');
  });

  it('says when no candidate exists, when a file is over the cap (unread), and when one cannot be read', async () => {
    writeFileSync(join(dir(), 'big.json'), 'x'.repeat(6000));
    mkdirSync(join(dir(), 'a-folder.json'));
    writeFileSync(join(dir(), 'not-a-folder'), '');
    writeFileSync(join(dir(), 'legacy.json'), '{}');
    const out = await collect(
      [
        { item: 'none', tries: [join(dir(), 'nope.json')] },
        { item: 'empty', tries: [] },
        { item: 'big', tries: [join(dir(), 'big.json')] },
        { item: 'folder', tries: [join(dir(), 'a-folder.json')] },
        // Absent as existsSync would say: a file where a folder should be, a name too long.
        { item: 'notdir', tries: [join(dir(), 'not-a-folder', 'x.json'), join(dir(), 'legacy.json')] },
        { item: 'too long', tries: [join(dir(), `${'n'.repeat(300)}.json`)] },
      ],
      5000,
    );
    expect(out.map((r) => [r.item, r.result.kind])).toEqual([
      ['none', 'missing'],
      ['empty', 'missing'],
      ['big', 'oversize'],
      ['folder', 'failed'],
      ['notdir', 'text'],
      ['too long', 'missing'],
    ]);
    expect(out[2]?.result).toEqual({ kind: 'oversize', file: join(dir(), 'big.json'), size: 6000 });
    expect((out[3]?.result as { message: string }).message).toMatch(/EISDIR/);
  });

  it('when the consumer stops early, closes the item source and stops its thread', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    let closed = false;
    const items = function* () {
      try {
        for (let i = 0; ; i++) {
          const file = join(dir(), `g${i % 10}.json`);
          if (i < 10) writeFileSync(file, '{}');
          yield { item: i, tries: [file] };
        }
      } finally {
        closed = true;
      }
    };
    let n = 0;
    for await (const r of readAhead(items(), 1000)) {
      expect(r.result.kind).toBe('text');
      if (++n === 700) break;
    }
    expect(n).toBe(700);
    expect(closed).toBe(true);
    expect(terminate).toHaveBeenCalledTimes(1);
    terminate.mockRestore();
  });
});
