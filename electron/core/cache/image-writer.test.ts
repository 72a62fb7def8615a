import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../shared/image-info';
import { importDemo } from '../demo/import-demo';
import { useTempDir } from '../../../test-support/temp-dir';
import { derivedState } from '../../../test-support/derived-state';
import { openCache, type Db } from './open-cache';
import { rowToImageInfo } from './image-store';
import { ImageWriter } from './image-writer';
import { SearchIndex } from './search-index';
import { DOC_SELECT, DOCS_JOIN } from './image-docs';

const tmp = useTempDir();

type Row = Parameters<typeof rowToImageInfo>[0];
const stored = (db: Db) =>
  (db.prepare(`SELECT i.*, ${DOC_SELECT} FROM images i ${DOCS_JOIN} ORDER BY i.row_id`).all() as Row[]).map((r) => ({
    row: r,
    info: rowToImageInfo(r),
  }));
const later = (at: string | null | undefined, ms: number) =>
  new Date(Date.parse(at ?? '2024-01-01') + ms).toISOString();

/** Edits of every kind a sync brings: each touches a different set of columns and side tables. */
function edit(info: ImageInfo, i: number, all: readonly ImageInfo[]): ImageInfo {
  const newer = { ...info, updated_at: later(info.updated_at, 1000 + i) };
  switch (i % 8) {
    case 0:
      return { ...newer, labels_count: (info.labels_count ?? 0) + 1 };
    case 1:
      return {
        ...newer,
        tags: [...(info.tags ?? []).slice(1), { tagId: 1, name: 'retagged', value: 'x' }],
      };
    case 2:
      return {
        ...newer,
        meta: { ...(info.meta ?? {}), camera: 'rewritten camera', iso: 1234, flag: true },
      };
    case 3:
      return { ...newer, name: `renamed_${info.id}.png`, mime: 'image/png', ext: 'png' };
    case 4:
      // Takes another record's hash (a new duplicate) and gives up its own.
      return { ...newer, hash: all[(i + 1) % all.length]?.hash ?? null };
    case 5:
      // An older copy: the stored record wins, nothing changes.
      return {
        ...info,
        updated_at: later(info.updated_at, -1000),
        name: 'stale.jpg',
        meta: { stale: true },
      };
    case 6:
      // New words, and every meta key but one dropped.
      return {
        ...newer,
        description: 'rewritten description',
        meta: { camera: (info.meta as { camera?: unknown } | undefined)?.camera ?? null },
      };
    default:
      return info; // the same record again: not newer, so not written
  }
}

describe('ImageWriter in a live cache', () => {
  it('updates only what changed, and leaves the search data exactly as a rebuild derives it', async () => {
    const db = openCache(join(tmp(), 'c.sqlite'));
    const { source_id } = await importDemo(db, 1200, 5);
    const before = stored(db);
    const infos = before.map((b) => b.info);
    const paths = new Map(
      (
        db.prepare('SELECT id, path FROM datasets WHERE source_id = ?').all(source_id) as {
          id: number;
          path: string;
        }[]
      ).map((d) => [d.id, d.path]),
    );
    const syncedAt = '2030-01-01T00:00:00.000Z';
    const writer = new ImageWriter(db, source_id as number, syncedAt, paths);
    const fresh = {
      ...(infos[0] as ImageInfo),
      id: 99_000_001,
      name: 'renamed_new.jpg',
      hash: 'new-hash',
    };
    db.transaction(() => {
      infos.forEach((info, i) => writer.write(edit(info, i, infos)));
      writer.write(fresh);
      writer.finish();
    })();

    const after = stored(db);
    expect(after).toHaveLength(before.length + 1);
    for (const [i, b] of before.entries()) {
      const a = after[i] as (typeof after)[number];
      if (i % 8 === 5 || i % 8 === 7) {
        expect(a.row, `row ${i} (not newer)`).toEqual(b.row);
        continue;
      }
      const expected = edit(b.info, i, infos);
      expect(a.info, `row ${i}`).toEqual(
        rowToImageInfo({ ...b.row, ...(writtenColumns(expected) as object) } as Row),
      );
      expect(a.row.synced_at).toBe(syncedAt);
    }
    expect(writer.written).toBe(before.filter((_, i) => i % 8 !== 5 && i % 8 !== 7).length + 1);

    const live = derivedState(db);
    expect(live.names[4], 'renamed names are searchable').toBeGreaterThan(100);
    expect((live.words[3] ?? 0) + (live.words[4] ?? 0), 'new words are searchable').toBeGreaterThan(
      200,
    );
    db.transaction(() => new SearchIndex(db).rebuildAll())();
    expect(live).toEqual(derivedState(db));
    db.close();
  });
});

/** The stored columns of a record, as the writer stores them. */
function writtenColumns(info: ImageInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(info))
    out[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
  return out;
}
