import type { ExportColumn, ExportRequest, RequestColumn } from '../../../shared/export';
import { isMetaColumn, metaKeyOf } from '../../../shared/view-columns';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { ImageTag } from '../../../shared/image-info';
import type { MatchScope } from '../cache/image-query';
import { iterateCsvLines, iterateJsonRecords, metaKeysInScope, type CsvCell, type JsonMember } from '../cache/image-query';
import type { Db } from '../cache/open-cache';
import { CSV_EOL, csvField, guardText, quoteField } from './csv';
import { ALL_FIELDS, MAX_META_COLUMNS, metaColumns, outColumn, type ColumnContext, type OutColumn, type RowShape } from './export-columns';
import { columnsRecordWriter, sdkRecordWriter } from './json-text';
import { ParquetRows } from './parquet-format';
import { FileSink, type OpenFile } from './sink';
import { projectMeta, SuperviselyLayout } from './supervisely-layout';

/** Where rows go: one format's writer over a temporary file (or folder) that commit() puts in place. */
export interface ExportTarget {
  /** Column names as written, for the manifest. */
  readonly columns: string[];
  row(r: readonly unknown[]): void;
  /** Rows made by SQLite itself (`[source_id, …]`), when the format can use them; else stored rows. */
  rows?: () => Iterable<readonly unknown[]>;
  /** Completes the data (still temporary); its size and SHA-256. */
  finish(sourceIds: readonly number[]): { bytes: number; sha256: string };
  commit(): void;
  abort(): void;
}

export type TargetContext = ColumnContext & {
  db: Db;
  scope: MatchScope;
  request: ExportRequest;
  dest: string;
  appVersion: string;
  warnings: string[];
  open?: OpenFile;
  writeFile?: (path: string, data: string, exclusive: boolean) => void;
};

/** The output columns of a tabular export: the chosen ones, `meta` flattened when asked. */
function tableColumns(ctx: TargetContext, flatten: boolean): OutColumn[] {
  const keys: readonly RequestColumn[] = ctx.request.columns ?? ALL_FIELDS;
  const named = keys.filter(isMetaColumn).map(metaKeyOf);
  const needKeys = (flatten && keys.includes('meta')) || named.length > 0;
  // The keys' JSON types in scope (Parquet types a column by them); a key nothing has is all null.
  const found = needKeys ? metaKeysInScope(ctx.db, ctx.scope, MAX_META_COLUMNS + 1) : [];
  const out: OutColumn[] = [];
  for (const key of keys) {
    if (isMetaColumn(key)) {
      const k = metaKeyOf(key);
      out.push(...metaColumns([found.find((f) => f.key === k) ?? { key: k, types: [] }], ctx.shape));
    } else if (key === 'meta' && flatten) {
      if (found.length > MAX_META_COLUMNS) {
        ctx.warnings.push(`meta has more than ${MAX_META_COLUMNS} keys; the first ${MAX_META_COLUMNS} (by name) became columns.`);
      }
      // A key the user also chose as its own column is written once, where they put it.
      out.push(...metaColumns(found.slice(0, MAX_META_COLUMNS).filter((f) => !named.includes(f.key)), ctx.shape));
    } else {
      out.push(outColumn(key as ExportColumn, ctx));
    }
  }
  return out;
}

/** CSV, JSON (one array) and JSON Lines: text streamed through one sink. */
const DERIVED_IN_JS = new Set<string>(['source', 'tag_names']);

/** How SQLite writes a column's CSV cell, by the value type the field catalogue gives it. */
function sqlCsvKind(k: string): CsvCell['kind'] {
  const value = FIELD_LISTS.valueOf(k);
  if (value === 'int') return 'int';
  if (value === 'json') return 'json';
  if (value === 'date') return 'plain';
  return value === 'int-or-text' ? 'any' : 'text';
}

/** The CSV cells SQLite can write itself, or null when a column needs JavaScript (tag names, flattened meta). */
function sqlCsvCells(ctx: TargetContext): CsvCell[] | null {
  const keys: readonly RequestColumn[] = ctx.request.columns ?? ALL_FIELDS;
  if (ctx.request.options.meta === 'columns' && keys.includes('meta')) return null;
  if (keys.some((k) => DERIVED_IN_JS.has(k) || isMetaColumn(k))) return null;
  return keys.map((k) => ({ column: FIELD_LISTS.columnOf(k) ?? k, kind: sqlCsvKind(k) }));
}

/** CSV written by SQLite: the header here, every line from iterateCsvLines. */
function sqlCsvTarget(ctx: TargetContext, cells: CsvCell[]): ExportTarget {
  const { options } = ctx.request;
  const columns = [...(ctx.request.columns ?? ALL_FIELDS)];
  const sink = new FileSink(ctx.dest, ctx.open);
  sink.write((options.bom ? '\uFEFF' : '') + columns.map((c) => quoteField(guardText(c, options.raw))).join(',') + CSV_EOL);
  return {
    columns,
    rows: () => iterateCsvLines(ctx.db, ctx.scope, cells, options.raw),
    row: (r) => sink.write((r[1] as string) + CSV_EOL),
    finish: () => sink.finish(),
    commit: () => sink.commit(),
    abort: () => sink.abort(),
  };
}

/** JSON members SQLite can build itself (complete records, or columns that need no JavaScript). */
function sqlJsonMembers(ctx: TargetContext): JsonMember[] | null {
  const keys: readonly RequestColumn[] = ctx.request.columns ?? ALL_FIELDS;
  if (keys.some((k) => DERIVED_IN_JS.has(k) || isMetaColumn(k))) return null;
  return keys.map((k) => ({ key: k, column: FIELD_LISTS.columnOf(k) ?? k, json: FIELD_LISTS.valueOf(k) === 'json' }));
}

/** JSON array or JSON Lines written by SQLite's json_object: one string per row. */
function sqlJsonTarget(ctx: TargetContext, members: JsonMember[]): ExportTarget {
  const array = ctx.request.format === 'json';
  const complete = ctx.request.columns === null;
  const sink = new FileSink(ctx.dest, ctx.open);
  if (array) sink.write('[');
  let first = true;
  return {
    columns: complete ? [...ALL_FIELDS] : [...(ctx.request.columns ?? [])],
    rows: () => iterateJsonRecords(ctx.db, ctx.scope, members, complete),
    row: (r) => {
      if (array) {
        sink.write(first ? '\n' : ',\n');
        first = false;
        sink.write(r[1] as string);
      } else sink.write(`${r[1] as string}\n`);
    },
    finish: () => {
      if (array) sink.write(first ? ']\n' : '\n]\n');
      return sink.finish();
    },
    commit: () => sink.commit(),
    abort: () => sink.abort(),
  };
}

function textTarget(ctx: TargetContext): ExportTarget {
  const { format, options } = ctx.request;
  const cells = format === 'csv' ? sqlCsvCells(ctx) : null;
  if (cells) return sqlCsvTarget(ctx, cells);
  const members = format === 'csv' ? null : sqlJsonMembers(ctx);
  if (members) return sqlJsonTarget(ctx, members);
  let columns: string[];
  let head = '';
  let line: (r: readonly unknown[]) => string;
  let first = true;
  if (format === 'csv') {
    const cols = tableColumns(ctx, options.meta === 'columns');
    columns = cols.map((c) => c.name);
    head = (options.bom ? '\uFEFF' : '') + cols.map((c) => quoteField(guardText(c.name, options.raw))).join(',') + CSV_EOL;
    line = (r) => {
      let s = '';
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i] as OutColumn;
        s += (i === 0 ? '' : ',') + csvField(c.get(r), c.kind, options.raw);
      }
      return s + CSV_EOL;
    };
  } else {
    const complete = ctx.request.columns === null;
    const record = complete ? sdkRecordWriter(ctx.shape) : columnsRecordWriter(tableColumns(ctx, false));
    columns = complete ? [...ALL_FIELDS] : [...(ctx.request.columns ?? [])];
    if (format === 'json') {
      head = '[';
      line = (r) => {
        const s = (first ? '\n' : ',\n') + record(r);
        first = false;
        return s;
      };
    } else {
      line = (r) => `${record(r)}\n`;
    }
  }
  // Opened only once the columns are known, so a failure above leaves nothing behind.
  const sink = new FileSink(ctx.dest, ctx.open);
  sink.write(head);
  return {
    columns,
    row: (r) => sink.write(line(r)),
    finish: () => {
      if (format === 'json') sink.write(first ? ']\n' : '\n]\n');
      return sink.finish();
    },
    commit: () => sink.commit(),
    abort: () => sink.abort(),
  };
}

function parquetTarget(ctx: TargetContext): ExportTarget {
  const cols = tableColumns(ctx, ctx.request.options.meta === 'columns');
  const sink = new FileSink(ctx.dest, ctx.open);
  let rows: ParquetRows;
  try {
    rows = new ParquetRows(cols, sink, `Loupe ${ctx.appVersion}`);
  } catch (err) {
    sink.abort();
    throw err;
  }
  return {
    columns: cols.map((c) => c.name),
    row: (r) => rows.row(r),
    finish: () => {
      rows.end();
      return sink.finish();
    },
    commit: () => sink.commit(),
    abort: () => sink.abort(),
  };
}

/** The Supervisely project folder; meta.json is written last, from the sources rows came from. */
function layoutTarget(ctx: TargetContext): ExportTarget {
  const { shape, db } = ctx;
  const layout = new SuperviselyLayout(ctx.dest, ctx.writeFile);
  const sdk = sdkRecordWriter(shape);
  const name = shape.reader('name');
  const id = shape.reader('id');
  const path = shape.reader('dataset_path');
  const dsId = shape.reader('dataset_id');
  const width = shape.reader('width');
  const height = shape.reader('height');
  const tags = shape.reader('tags');
  // oneof_string tag metas need their values listed in meta.json; collect the ones in use.
  const oneof = new Set(
    (db.prepare("SELECT source_id || ':' || id AS k FROM tag_metas WHERE value_type = 'oneof_string'").pluck().all() as string[]),
  );
  const values = new Map<string, Set<string>>();
  return {
    columns: [...ALL_FIELDS],
    row: (r) => {
      if (oneof.size > 0 && (tags(r) as string) !== '[]') {
        for (const t of JSON.parse(tags(r) as string) as ImageTag[]) {
          const k = `${shape.sourceOf(r)}:${t.tagId}`;
          if (oneof.has(k) && typeof t.value === 'string') {
            let set = values.get(k);
            if (!set) values.set(k, (set = new Set()));
            set.add(t.value);
          }
        }
      }
      layout.image({
        name: name(r) as string,
        id: id(r) as number,
        datasetPath: path(r) as string | null,
        datasetId: dsId(r) as number | null,
        width: width(r),
        height: height(r),
        sdkJson: sdk(r),
      });
    },
    finish: (sourceIds) => layout.finish(projectMeta(db, sourceIds, values, ctx.warnings)),
    commit: () => layout.commit(),
    abort: () => layout.abort(),
  };
}

/** The target for the request's format; RowShape getters are all created here, before rows are read. */
export function createTarget(ctx: TargetContext): ExportTarget {
  switch (ctx.request.format) {
    case 'csv':
    case 'json':
    case 'jsonl':
      return textTarget(ctx);
    case 'parquet':
      return parquetTarget(ctx);
    case 'supervisely':
      return layoutTarget(ctx);
  }
}

export type { RowShape };
