import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckId } from '../shared/quality-checks';

/**
 * Hand-made records where each quality check's answer is known: a JSON Lines dump with its
 * sidecar (datasets train and val, one tag meta "review" with id 10). `EXPECTED` lists, per
 * check, the ids of the records it must find — and every other record it must not.
 */
const base = {
  mime: 'image/jpeg',
  ext: 'jpeg',
  size: 1000,
  width: 640,
  height: 480,
  labels_count: 2,
  created_at: '2024-01-01T00:00:00.000Z',
  updated_at: '2024-01-02T00:00:00.000Z',
  meta: {},
  tags: [],
};

export const QUALITY_RECORDS = [
  // train (id 1): 1, 3, 4, 5, 8 — four of five labelled, so 5 (0 labels) stands out.
  { ...base, id: 1, name: 'a.jpg', hash: 'H1', dataset_id: 1, meta: { lens: 35 }, tags: [{ tagId: 10 }] },
  { ...base, id: 3, name: 'a.jpg', hash: 'H3', dataset_id: 1, meta: { lens: 50 } },
  { ...base, id: 4, name: 'c.png', hash: 'H4', dataset_id: 1, meta: { lens: 85 } },
  { ...base, id: 5, name: 'd.jpg', hash: 'H5', dataset_id: 1, width: 0, labels_count: 0 },
  // Same instant as created, written with and without milliseconds: not reversed.
  { ...base, id: 8, name: 'h.jpg', hash: 'H8', dataset_id: 1, created_at: '2024-03-01T10:00:00Z', updated_at: '2024-03-01T10:00:00.000Z' },
  // val (id 2): 2, 6, 7 — mostly unlabelled, so no "unlabelled" finding there.
  { ...base, id: 2, name: 'b.jpg', hash: 'H1', dataset_id: 2, labels_count: 1 },
  { ...base, id: 6, name: 'e.jpg', hash: 'H6', dataset_id: 2, labels_count: 0, updated_at: '2023-12-31T00:00:00.000Z', size: null },
  { ...base, id: 7, name: 'f.jpg', hash: 'H7', dataset_id: 2, labels_count: 0, meta: { lens: '35mm' }, tags: [{ tagId: 99 }, { tagId: 10 }] },
];

export const EXPECTED: Record<Exclude<CheckId, 'changed-since-export'>, number[]> = {
  duplicate: [1, 2],
  'duplicate-name': [1, 3],
  'missing-size': [5, 6],
  'mime-mismatch': [4],
  unlabelled: [5],
  'dates-reversed': [6],
  'unknown-tag': [7],
  'mixed-meta': [7],
};

/** Clean records: every check finds nothing. */
export const CLEAN_RECORDS = [
  { ...base, id: 1, name: 'a.jpg', hash: 'C1', dataset_id: 1, meta: { lens: 35 }, tags: [{ tagId: 10 }] },
  { ...base, id: 2, name: 'b.png', mime: 'image/png', ext: 'png', hash: 'C2', dataset_id: 1, meta: { lens: 50 } },
  { ...base, id: 3, name: 'c', hash: 'C3', dataset_id: 2, labels_count: 0 },
];

/** Writes `records` as `<name>.jsonl` with its sidecar in `dir`; returns the dump's path. */
export function writeQualityDump(dir: string, name: string, records: readonly object[]): string {
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(
    join(dir, `${name}.meta.json`),
    JSON.stringify({
      datasets: [
        { id: 1, name: 'train' },
        { id: 2, name: 'val' },
      ],
      tags: [{ id: 10, name: 'review', value_type: 'none' }],
    }),
  );
  return file;
}
