/**
 * Every field the query language knows: its canonical name (what the formatter writes and a
 * chip stores), its aliases (what the parser also accepts), its value type, and a label for
 * chips. The compiler maps these — and nothing the user typed — to SQL.
 */

/** How a field's values compare. */
export type FieldType =
  | 'text' // free text: substring of the name, or words of description / tags / meta
  | 'string' // exact or glob, case-sensitive; > < compare by codepoint
  | 'number' // numeric comparisons
  | 'date' // ISO text compared by prefix: created:2024-01 is January 2024
  | 'mixed' // created_by: a login (text) or a user id (number)
  | 'tag' // tag:NAME, tag:NAME=VALUE
  | 'meta' // meta.KEY: typed by the value written
  | 'dataset' // dataset path: the subtree, or a glob
  | 'source' // source label, uri or id
  | 'has' // has:link …
  | 'is' // is:duplicate
  | 'snapshot'; // snapshot:ID, the ids saved by a snapshot search

export type FieldSpec = {
  /** Canonical name in the language and in a chip's `field`. */
  name: string;
  type: FieldType;
  label: string;
  /** Other spellings the parser accepts (SDK snake_case, API camelCase). */
  aliases?: readonly string[];
  /** The images column it reads, when it reads one. */
  column?: string;
  /** Accepted values for enumerated pseudo-fields (has:, is:). */
  values?: readonly string[];
  /** The column has an index, so filtering on it never scans images. */
  indexed?: boolean;
};

export const HAS_VALUES = ['link', 'hash', 'tags', 'description', 'meta'] as const;
export const IS_VALUES = ['duplicate'] as const;

export const FIELDS: readonly FieldSpec[] = [
  { name: 'id', type: 'number', label: 'ID', column: 'id', indexed: true },
  { name: 'name', type: 'string', label: 'Name', column: 'name', indexed: true },
  { name: 'link', type: 'string', label: 'Link', column: 'link' },
  { name: 'hash', type: 'string', label: 'Hash', column: 'hash', indexed: true },
  { name: 'mime', type: 'string', label: 'MIME type', column: 'mime', indexed: true },
  { name: 'ext', type: 'string', label: 'Extension', column: 'ext', indexed: true },
  { name: 'size', type: 'number', label: 'Size', column: 'size', indexed: true },
  { name: 'width', type: 'number', label: 'Width', column: 'width', indexed: true },
  { name: 'height', type: 'number', label: 'Height', column: 'height', indexed: true },
  {
    name: 'labels',
    type: 'number',
    label: 'Labels',
    column: 'labels_count',
    aliases: ['labels_count', 'labelsCount'],
    indexed: true,
  },
  { name: 'dataset_id', type: 'number', label: 'Dataset ID', column: 'dataset_id', aliases: ['datasetId'] },
  { name: 'project_id', type: 'number', label: 'Project ID', column: 'project_id', aliases: ['projectId'] },
  {
    name: 'created',
    type: 'date',
    label: 'Created',
    column: 'created_at',
    aliases: ['created_at', 'createdAt'],
    indexed: true,
  },
  {
    name: 'updated',
    type: 'date',
    label: 'Updated',
    column: 'updated_at',
    aliases: ['updated_at', 'updatedAt'],
    indexed: true,
  },
  {
    name: 'author',
    type: 'mixed',
    label: 'Author',
    column: 'created_by',
    aliases: ['created_by', 'createdBy'],
    indexed: true,
  },
  { name: 'description', type: 'string', label: 'Description', column: 'description' },
  { name: 'path_original', type: 'string', label: 'Original path', column: 'path_original', aliases: ['pathOriginal'] },
  {
    name: 'full_storage_url',
    type: 'string',
    label: 'Storage URL',
    column: 'full_storage_url',
    aliases: ['fullStorageUrl'],
  },
  { name: 'related_data_id', type: 'number', label: 'Related data ID', column: 'related_data_id', aliases: ['relatedDataId'] },
  { name: 'download_id', type: 'string', label: 'Download ID', column: 'download_id', aliases: ['downloadId'] },
  { name: 'offset_start', type: 'number', label: 'Offset start', column: 'offset_start', aliases: ['offsetStart'] },
  { name: 'offset_end', type: 'number', label: 'Offset end', column: 'offset_end', aliases: ['offsetEnd'] },
  {
    name: 'embeddings_updated',
    type: 'date',
    label: 'Embeddings updated',
    column: 'embeddings_updated_at',
    aliases: ['embeddings_updated_at', 'embeddingsUpdatedAt'],
  },
  { name: 'parent_id', type: 'number', label: 'Parent ID', column: 'parent_id', aliases: ['parentId'] },
  { name: 'tag', type: 'tag', label: 'Tag', aliases: ['tags'], indexed: true },
  { name: 'dataset', type: 'dataset', label: 'Dataset', column: 'dataset_path', indexed: true },
  { name: 'source', type: 'source', label: 'Source', column: 'source_id', indexed: true },
  { name: 'has', type: 'has', label: 'Has', values: HAS_VALUES },
  { name: 'is', type: 'is', label: 'Is', values: IS_VALUES, indexed: true },
  { name: 'snapshot', type: 'snapshot', label: 'Snapshot', indexed: true },
];

/** The prefix of a meta field: `meta.camera`. */
export const META_PREFIX = 'meta.';
/** The implicit field of a bare word. */
export const TEXT_FIELD = 'text';

const BY_NAME = new Map<string, FieldSpec>();
for (const f of FIELDS) {
  BY_NAME.set(f.name, f);
  for (const a of f.aliases ?? []) BY_NAME.set(a, f);
}

/** The field spec for a name or alias (not meta.*), or undefined. */
export function fieldByName(name: string): FieldSpec | undefined {
  return BY_NAME.get(name);
}

/** The spec that governs a chip's canonical field, meta and free text included. */
export function fieldSpecOf(field: string): FieldSpec | undefined {
  if (field === TEXT_FIELD) return { name: TEXT_FIELD, type: 'text', label: 'Text', indexed: true };
  if (field.startsWith(META_PREFIX) && field.length > META_PREFIX.length) {
    return { name: field, type: 'meta', label: field, indexed: true };
  }
  const f = BY_NAME.get(field);
  return f && f.name === field ? f : undefined;
}

/** Every name the parser accepts, for suggestions and type-ahead. */
export function knownFieldNames(): string[] {
  return [...BY_NAME.keys(), 'meta'];
}

/** Edit distance, case-insensitive, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[y.length] as number;
}

/** The nearest of `candidates` to `word`, when it is close enough to be a plausible typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c.length < best.length)) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}
