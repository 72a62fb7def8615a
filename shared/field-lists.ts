import { FIELD_CATALOGUE } from './field-catalogue';
import type { CatalogueEntry, DetailKind, FacetEntry, FieldType, ValueType } from './field-entry';

type Entry = (typeof FIELD_CATALOGUE)[number];
/** An ImageInfo field by its SDK name. */
export type ImageInfoField = Extract<Entry, { position: number }>['key'];
/** A column of the table, by key. */
export type TableKey = Extract<Entry, { table: object }>['key'];
/** An export column beyond ImageInfo's own fields. */
export type DerivedExportColumn = Extract<Entry, { exported: true }>['key'];
/** A facet of the standard panel, by id. */
export type FacetName = Extract<Entry, { facet: object }>['facet']['id'];

/** A field of the query language. The compiler maps these — never what was typed — to SQL. */
export type QueryField = {
  /** Canonical name in the language and in a chip's `field`. */
  name: string;
  type: FieldType;
  label: string;
  /** Other spellings the parser accepts (SDK snake_case, API camelCase). */
  aliases?: readonly string[];
  /** The images column it reads, when it reads one. */
  column?: string;
  values?: readonly string[];
  indexed?: boolean;
  /** A computed value's SQL expression over `images i`, instead of a column. */
  expr?: string;
};

export type TableColumn = {
  key: string;
  label: string;
  width: number;
  align: 'left' | 'right';
  /** The allow-listed ORDER BY expressions; null when the column cannot be sorted. */
  sortSql: readonly string[] | null;
};

export type FacetDef = Omit<FacetEntry, 'source' | 'at'> & {
  label: string;
  /** The images column the value comes from, or the side table that holds it. */
  source: { column: string } | { tags: true } | { metaKeys: true };
  /** The language field a chip of this facet uses. */
  field: string;
};

export type DetailGroup = {
  title: string;
  fields: readonly (readonly [string, string, DetailKind])[];
};

export type FieldLists = {
  /** ImageInfo's fields in the SDK's positional order. */
  imageInfoFields: readonly string[];
  /** ImageInfo fields stored as typed columns of `images`. */
  scalarColumns: readonly string[];
  /** Columns of `images` that hold JSON text, ImageInfo's unknown keys included. */
  jsonColumns: readonly string[];
  /** Every stored column of a record as the latest migration declares it. */
  schemaColumns: readonly {
    name: string;
    type: 'INTEGER' | 'TEXT' | 'ANY';
    notNull: boolean;
    /** JSON columns: the text stored for a record without a value. */
    empty: string | null;
    /** In the side table `image_docs` rather than `images`. */
    doc: boolean;
  }[];
  /** The stored columns that live in `image_docs` (wide values no browse index reads). */
  docColumns: readonly string[];
  queryFields: readonly QueryField[];
  tableColumns: readonly TableColumn[];
  /** The browse index behind each sortable table column. */
  sortIndexes: readonly { key: string; name: string; columns: string }[];
  /** Facets in the standard panel's order. */
  facets: readonly FacetDef[];
  /** Every column an export can contain: ImageInfo's fields, then the derived ones. */
  exportColumns: readonly string[];
  derivedExportColumns: readonly string[];
  /** The export columns a table column stands for ("visible columns"). */
  viewColumnExport: Readonly<Record<string, readonly string[]>>;
  /** Value type by entry key and by stored column name. */
  valueOf(key: string): ValueType | undefined;
  /** The stored column an entry reads. */
  columnOf(key: string): string | undefined;
  narrow: ReadonlySet<string>;
  detailGroups: readonly DetailGroup[];
};

const SECTION_TITLES = {
  image: 'Image',
  dataset: 'Dataset & project',
  identity: 'Identity',
  dates: 'Dates',
  storage: 'Storage',
} as const;

const SQL_TYPE = {
  int: 'INTEGER',
  'int-or-text': 'ANY',
  text: 'TEXT',
  date: 'TEXT',
  json: 'TEXT',
} as const;

/** snake_case → the server's camelCase JSON key. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Entries with a place in one list, in that order; places must be 0…n-1, each once. */
function byPlace<T>(list: string, items: readonly (readonly [number, T])[]): T[] {
  const out: T[] = [];
  for (const [at, item] of items) {
    if (out[at] !== undefined)
      throw new Error(`Field catalogue: two entries at ${list} place ${at}`);
    out[at] = item;
  }
  for (let i = 0; i < items.length; i++) {
    if (out[i] === undefined) throw new Error(`Field catalogue: no entry at ${list} place ${i}`);
  }
  return out;
}

function unique(list: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    // Names become SQL identifiers and language keywords: plain snake_case or camelCase only.
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(n))
      throw new Error(`Field catalogue: bad ${list} name "${n}"`);
    if (seen.has(n)) throw new Error(`Field catalogue: ${list} name "${n}" twice`);
    seen.add(n);
  }
}

/** The `images` column an entry is stored in: ImageInfo's keys always are, others by `column`. */
function columnName(e: CatalogueEntry): string | undefined {
  return e.column || e.schema ? (e.column?.name ?? e.key) : undefined;
}

function queryField(e: CatalogueEntry): QueryField | null {
  const q = e.query;
  if (!q) return null;
  const name = q.name ?? e.key;
  const column = e.value === 'json' ? undefined : columnName(e);
  const aliases = [...new Set([e.key, snakeToCamel(e.key)])].filter((a) => a !== name);
  return {
    name,
    type: q.type,
    label: q.label ?? e.label,
    ...(aliases.length ? { aliases } : {}),
    ...(column ? { column } : {}),
    ...(q.values ? { values: q.values } : {}),
    ...(q.indexed ? { indexed: true } : {}),
    ...(q.expr ? { expr: q.expr } : {}),
  };
}

function facetDef(e: CatalogueEntry, f: FacetEntry): FacetDef {
  const { source, at: _at, ...rest } = f;
  const field = e.query?.name ?? e.key;
  return {
    ...rest,
    label: f.label ?? e.label,
    source:
      source === 'tags'
        ? { tags: true }
        : source === 'meta-keys'
          ? { metaKeys: true }
          : { column: columnName(e) ?? e.key },
    field,
  };
}

/**
 * Every list of fields the app uses, derived from a catalogue. Production uses FIELD_LISTS;
 * tests pass a catalogue of their own to show a new entry reaches every list. Throws when
 * the catalogue contradicts itself (two entries in one place, a name twice).
 */
export function deriveFieldLists(catalogue: readonly CatalogueEntry[]): FieldLists {
  const fields = byPlace(
    'SDK position',
    catalogue.flatMap((e) => (e.position === undefined ? [] : [[e.position, e] as const])),
  );
  const stored = catalogue.filter((e) => columnName(e) !== undefined);
  const isJson = (e: CatalogueEntry) => e.value === 'json';
  const queryFields = catalogue.map(queryField).filter((q): q is QueryField => q !== null);
  const tabled = byPlace(
    'table',
    catalogue.flatMap((e) => (e.table ? [[e.table.at, { e, t: e.table }] as const] : [])),
  );
  const derivedExportColumns = catalogue.filter((e) => e.exported).map((e) => e.key);
  const sections = Object.entries(SECTION_TITLES).map(([section, title]) => ({
    title,
    fields: byPlace(
      `${section} section`,
      fields.flatMap((e) =>
        e.detail && e.detail !== 'own' && e.detail.section === section
          ? [[e.detail.at, [e.key, e.label, e.detail.kind] as const] as const]
          : [],
      ),
    ),
  }));
  // A field no section lists lands in "Other", so a new field is never silently hidden.
  const other = fields.filter((e) => !e.detail).map((e) => [e.key, e.key, 'mono'] as const);
  const byKey = new Map(catalogue.map((e) => [e.key, e]));
  const byColumn = new Map(stored.map((e) => [columnName(e) as string, e]));

  for (const e of fields) {
    if (!e.schema) throw new Error(`Field catalogue: ImageInfo field "${e.key}" has no schema`);
  }
  unique(
    'entry',
    catalogue.map((e) => e.key),
  );
  unique('column', [...byColumn.keys()]);
  unique(
    'query',
    queryFields.flatMap((q) => [q.name, ...(q.aliases ?? [])]),
  );
  return {
    imageInfoFields: fields.map((e) => e.key),
    scalarColumns: fields.filter((e) => columnName(e) && !isJson(e)).map((e) => e.key),
    jsonColumns: stored.filter(isJson).map((e) => e.key),
    schemaColumns: stored.map((e) => ({
      name: columnName(e) as string,
      type: SQL_TYPE[e.value ?? 'text'],
      notNull: e.column?.notNull ?? false,
      empty: e.column?.empty ?? null,
      doc: e.column?.doc ?? false,
    })),
    docColumns: stored.filter((e) => e.column?.doc).map((e) => columnName(e) as string),
    queryFields,
    tableColumns: tabled.map(({ e, t }) => ({
      key: e.key,
      label: t.label ?? e.label,
      width: t.width,
      align: t.align,
      sortSql: t.sort?.sql ?? null,
    })),
    sortIndexes: tabled.flatMap(({ e, t }) => (t.sort ? [{ key: e.key, ...t.sort.index }] : [])),
    facets: byPlace(
      'facet',
      catalogue.flatMap((e) => (e.facet ? [[e.facet.at, facetDef(e, e.facet)] as const] : [])),
    ),
    exportColumns: [...fields.map((e) => e.key), ...derivedExportColumns],
    derivedExportColumns,
    viewColumnExport: Object.fromEntries(tabled.map(({ e, t }) => [e.key, t.exports ?? [e.key]])),
    valueOf: (key) => (byKey.get(key) ?? byColumn.get(key))?.value,
    columnOf: (key) => {
      const e = byKey.get(key);
      return e && columnName(e);
    },
    narrow: new Set(catalogue.filter((e) => e.narrow).map((e) => e.key)),
    detailGroups: other.length ? [...sections, { title: 'Other', fields: other }] : sections,
  };
}

/** The lists of the app's own catalogue. */
export const FIELD_LISTS: FieldLists = deriveFieldLists(FIELD_CATALOGUE);
