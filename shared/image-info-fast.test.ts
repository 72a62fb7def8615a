import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyedImageInfo } from '../test-support/image-info-arbitraries';
import { imageInfoSchema, normaliseImageKeys } from './image-info';
import { fastImageInfo, parseImageInfo } from './image-info-fast';
import { generateDemo } from '../electron/core/demo/generate-demo';

describe('the hand-written ImageInfo check', () => {
  it('accepts and rejects exactly what zod does, with the same record out', () => {
    let accepted = 0;
    fc.assert(
      fc.property(keyedImageInfo, (rec) => {
        const byZod = imageInfoSchema.safeParse(structuredClone(rec));
        const fast = fastImageInfo(structuredClone(rec));
        expect(fast !== null, JSON.stringify(byZod.error?.issues[0] ?? null)).toBe(byZod.success);
        if (fast) {
          accepted++;
          expect(fast).toEqual(byZod.data);
        }
      }),
      { numRuns: 1000 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(975);
  });

  it('takes the fast path for the demo records, and zod still names the field of a bad one', () => {
    for (const raw of generateDemo(200, 4)) {
      expect(fastImageInfo(normaliseImageKeys(raw))).not.toBeNull();
    }
    const bad = parseImageInfo({ id: 1, name: 'a.jpg', width: '12' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['width']);
  });
});
