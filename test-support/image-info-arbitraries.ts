/**
 * fast-check generators of normalised ImageInfo records (snake_case keys, unknown keys in
 * `extra`): every field present or absent, mostly valid values with a share of wrong ones
 * (wrong types, unsafe integers, near-miss dates and integer texts), for tests that hold two
 * validators to the same answers. Test-only: fast-check is a dev dependency.
 */
import fc from 'fast-check';
import { IMAGE_INFO_FIELDS, imageInfoSchema } from '../shared/image-info';

const tag = fc.record(
  {
    id: fc.oneof(fc.integer(), fc.double(), fc.string()),
    tagId: fc.oneof(fc.integer(), fc.constant(2 ** 53), fc.constant(null)),
    name: fc.oneof(fc.string(), fc.integer()),
    value: fc.oneof(fc.string(), fc.double(), fc.constant(null), fc.boolean()),
    labelerLogin: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

/** Any value a JSON record could hold in a field, and a few it could not. */
export const anyFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 53 - 1, 1e21, -0, 0.5),
  fc.string(),
  fc.constant(''),
  fc.integer().map(String),
  fc.bigInt({ min: 10n ** 14n, max: 10n ** 17n }).map(String),
  fc.constantFrom(' 12', '12a', '-', '1e3', '0x10', '+5'),
  fc
    .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2024-01-31',
    '2024-01-31 12:00',
    '2024-01-31T12:00:00+0200',
    '2024-1-31',
    '2024-01-31T12',
    'yesterday',
  ),
  fc.boolean(),
  fc.array(tag, { maxLength: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const fieldSchema = (k: string) => imageInfoSchema.shape[k as keyof typeof imageInfoSchema.shape];

/**
 * A field's value: nine in ten valid for it (drawn from a sample of values imageInfoSchema
 * accepts for the field, found once), the rest anything.
 */
function valueFor(k: string): fc.Arbitrary<unknown> {
  const valid = fc
    .sample(anyFieldValue, { numRuns: 400, seed: 7 })
    .filter((v) => fieldSchema(k).safeParse(v).success);
  return fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: anyFieldValue },
  );
}

/** A normalised record: each field (and `extra`) present or not. */
export const keyedImageInfo: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries([...IMAGE_INFO_FIELDS, 'extra'].map((k) => [k, valueFor(k)])),
  { requiredKeys: [] },
);
