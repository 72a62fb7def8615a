import { describe, expect, it } from 'vitest';
import {
  IMAGE_INFO_FIELDS,
  describeIssues,
  imageInfoSchema,
  normaliseImageKeys,
  RecordShapeError,
  toApiJson,
  toSdkJson,
} from './image-info';

const camel = {
  id: 770915,
  name: 'IMG_3861.jpeg',
  link: null,
  hash: 'ZdpMD+ZMJx0R8BgsCzJcqM7qP4M8f1AEtoYc87xZmyQ=',
  mime: 'image/jpeg',
  size: 148388,
  width: 1067,
  height: 800,
  labelsCount: 4,
  datasetId: 2532,
  createdAt: '2021-03-02T10:04:33.973Z',
  updatedAt: '2021-03-02T10:04:33.973Z',
  meta: { customSort: 'c' },
  pathOriginal: '/h5/x.jpg',
  fullStorageUrl: 'https://app.supervisely.com/h5/x.jpg',
  tags: [{ id: 1, tagId: 345022, entityId: 770915, value: 'big', labelerLogin: 'admin' }],
  createdBy: 7,
  someFutureKey: { nested: true },
};

describe('normaliseImageKeys', () => {
  it('maps camelCase API keys to the SDK snake_case names and keeps unknown keys', () => {
    const out = normaliseImageKeys(camel);
    expect(out.labels_count).toBe(4);
    expect(out.dataset_id).toBe(2532);
    expect(out.created_by).toBe(7);
    expect(out.extra).toEqual({ someFutureKey: { nested: true } });
  });

  it('reads positional arrays of 17 to 27 values in SDK order', () => {
    const full = IMAGE_INFO_FIELDS.map((f, i) => (f === 'meta' ? {} : f === 'tags' ? [] : i));
    const out = normaliseImageKeys(full.slice(0, 17));
    expect(out.id).toBe(0);
    expect(out.labels_count).toBe(9);
    expect(out.tags).toEqual([]);
    expect(normaliseImageKeys(full).parent_id).toBe(26);
    expect(() => normaliseImageKeys(full.slice(0, 16))).toThrow(/17 to 27 values, this one has 16/);
  });

  it('refuses prototype-polluting keys and non-objects', () => {
    expect(() => normaliseImageKeys(JSON.parse('{"id":1,"__proto__":{"x":1}}'))).toThrow(
      RecordShapeError,
    );
    expect(() => normaliseImageKeys('text')).toThrow(/expected an ImageInfo object, got string/);
    expect(() => normaliseImageKeys(null)).toThrow(/got null/);
  });
});

describe('imageInfoSchema', () => {
  it('accepts snake_case and camelCase spellings of the same record identically', () => {
    const a = imageInfoSchema.parse(normaliseImageKeys(camel));
    const b = imageInfoSchema.parse(normaliseImageKeys(toSdkJson(a)));
    expect(b).toEqual({ ...a, ...nullsFor(a) });
  });

  it('turns integer strings into numbers and names the field of a wrong type', () => {
    expect(imageInfoSchema.parse({ id: 1, name: 'a', size: '148388' }).size).toBe(148388);
    const bad = imageInfoSchema.safeParse({ id: 1, name: 'a', width: 'wide' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeIssues(bad.error).field).toBe('width');
    const date = imageInfoSchema.safeParse({ id: 1, name: 'a', created_at: 'yesterday' });
    expect(date.success).toBe(false);
    if (!date.success) expect(describeIssues(date.error)).toMatchObject({ field: 'created_at', message: expect.stringMatching(/^expected an ISO-8601/) });
  });

  it('renders the raw view with the server spelling and unknown keys', () => {
    const info = imageInfoSchema.parse(normaliseImageKeys(camel));
    const raw = toApiJson(info);
    expect(raw.labelsCount).toBe(4);
    expect(raw.someFutureKey).toEqual({ nested: true });
    expect(raw).not.toHaveProperty('labels_count');
  });
});

/** toSdkJson writes every field; absent optional fields come back as null. */
function nullsFor(info: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(IMAGE_INFO_FIELDS.filter((f) => info[f] === undefined).map((f) => [f, null]));
}
