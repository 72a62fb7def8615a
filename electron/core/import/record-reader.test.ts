import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { readJsonArray, readJsonLines, type RawRecord } from './record-reader';

const dir = useTempDir();

async function collect(gen: AsyncGenerator<RawRecord>): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('readJsonLines', () => {
  it('splits lines across tiny chunks, skips blank lines and keeps line numbers', async () => {
    const file = join(dir(), 'a.jsonl');
    writeFileSync(file, '{"id":1}\n\n{"id":2,"name":"ü ✓ 東京"}\r\n{"id":3}');
    for (const chunkBytes of [1, 3, 7, 1 << 20]) {
      const recs = await collect(readJsonLines(file, { bytesRead: 0, chunkBytes }));
      expect(recs.map((r) => r.line)).toEqual([1, 3, 4]);
      expect(JSON.parse(recs[1]?.text ?? '')).toEqual({ id: 2, name: 'ü ✓ 東京' });
    }
  });

  it('reads gzipped files', async () => {
    const file = join(dir(), 'a.jsonl.gz');
    writeFileSync(file, gzipSync('{"id":1}\n{"id":2}\n'));
    expect((await collect(readJsonLines(file, { bytesRead: 0 }))).length).toBe(2);
  });
});

describe('readJsonArray', () => {
  it('yields each element with the line it starts on, whatever the chunking', async () => {
    const file = join(dir(), 'a.json');
    const text = '[\n  {"id": 1, "name": "a ] } [ {"},\n  {"id": 2, "name": "q\\"uote\\\\"},\n  [3, "pos"]\n]\n';
    writeFileSync(file, text);
    for (const chunkBytes of [1, 2, 5, 1 << 20]) {
      const recs = await collect(readJsonArray(file, { bytesRead: 0, chunkBytes }));
      expect(recs.map((r) => r.line)).toEqual([2, 3, 4]);
      expect(recs.map((r) => JSON.parse(r.text))).toEqual([
        { id: 1, name: 'a ] } [ {' },
        { id: 2, name: 'q"uote\\' },
        [3, 'pos'],
      ]);
    }
  });

  it('names the line of a truncated array or trailing junk', async () => {
    const file = join(dir(), 'b.json');
    writeFileSync(file, '[{"id":1},\n{"id":2}');
    await expect(collect(readJsonArray(file, { bytesRead: 0 }, 'b.json'))).rejects.toThrow(
      /b.json line 2: the array is not closed/,
    );
    writeFileSync(file, '[{"id":1}]\n{"id":2}');
    await expect(collect(readJsonArray(file, { bytesRead: 0 }, 'b.json'))).rejects.toThrow(
      /b.json line 2: unexpected content after the closing \]/,
    );
  });
});
