import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { CHECK_IDS } from '../../../shared/quality-checks';
import { QUALITY_RECORDS, writeQualityDump } from '../../../test-support/quality-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import { importFile } from '../import/import-file';
import { openCache } from '../cache/open-cache';
import { checkSummary } from '../cache/quality-checks';
import { ReadService } from './read-service';

const dir = useTempDir();
const q = (text = '') => querySchema.parse({ text });

describe('the whole cache check summary on a reader', () => {
  it('is recounted in the background after an import commits, so the panel reads it without counting', async () => {
    const path = join(dir(), 'c.sqlite');
    const reader = openCache(path);
    const service = new ReadService(reader, () => {});
    const ask = (text = '', sort?: 'name' | 'size') =>
      service.handlers['checks:summary']({ query: { ...q(text), ...(sort ? { sort: [{ key: sort, dir: 'desc' as const }] } : {}) } });
    expect(Object.values(await ask())).toEqual(CHECK_IDS.map(() => 0));
    const counted = service.summariesCounted;

    // An import on another connection (as the job worker writes), then main's invalidate.
    const writer = openCache(path);
    await importFile(writer, writeQualityDump(dir(), 'dump', QUALITY_RECORDS));
    service.invalidate();
    await service.recounting;
    expect(service.summariesCounted).toBe(counted + 1);
    // The panel opens: the ready summary, nothing counted on the request, whatever the view's sort.
    const opened = await ask('', 'size');
    expect(service.summariesCounted).toBe(counted + 1);
    expect(opened).toEqual(checkSummary(writer, q()));
    expect(opened).toMatchObject({ duplicate: 2, 'duplicate-name': 2, 'mixed-meta': 1 });
    // A narrower view is counted on request, once.
    await ask('dataset:train');
    await ask('dataset:train');
    expect(service.summariesCounted).toBe(counted + 2);
    writer.close();
    reader.close();
  });

  it('is not recounted before anyone asked for checks', async () => {
    const path = join(dir(), 'c.sqlite');
    const reader = openCache(path);
    const service = new ReadService(reader, () => {});
    service.invalidate();
    expect(service.recounting).toBeNull();
    expect(service.summariesCounted).toBe(0);
    reader.close();
  });
});
