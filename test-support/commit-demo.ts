import { imageInfoSchema, normaliseImageKeys, type ImageInfo } from '../shared/image-info';
import { generateDemo } from '../electron/core/demo/generate-demo';
import { ImageWriter } from '../electron/core/cache/image-writer';
import { openCache } from '../electron/core/cache/open-cache';

/**
 * Commits `count` new demo records (ids moved past the demo's own) to the cache at `path` from a
 * connection of its own, as an import or sync worker would, in one transaction.
 */
export function commitDemoFromAnotherConnection(path: string, count: number, seed: number, change: Partial<ImageInfo> = {}): void {
  const other = openCache(path);
  try {
    const sourceId = other.prepare('SELECT id FROM sources').pluck().get() as number;
    other.transaction(() => {
      const writer = new ImageWriter(other, sourceId, new Date().toISOString(), new Map());
      for (const raw of generateDemo(count, seed)) {
        const info = imageInfoSchema.parse(normaliseImageKeys(raw));
        writer.write({ ...info, id: info.id + 10_000_000, ...change });
      }
      writer.finish();
    })();
  } finally {
    other.close();
  }
}
