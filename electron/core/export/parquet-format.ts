import { constants, zstdCompressSync } from 'node:zlib';
import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { OutColumn } from './export-columns';
import type { FileSink } from './sink';

/**
 * Rows per row group. Each group is gathered column by column, encoded and flushed to the
 * sink, so memory holds one group at a time whatever the export's size (B9 measures it).
 */
export const PARQUET_ROW_GROUP = 8_192;

type Physical = 'INT64' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'UTF8';

/** The Parquet type of a column: integers as integers, everything else as UTF-8 text. */
function physicalOf(c: OutColumn): Physical {
  if (c.kind === 'int') return c.narrow ? 'INT32' : 'INT64';
  if (c.kind !== 'dynamic') return 'UTF8';
  const t = new Set(c.types ?? []);
  t.delete('null');
  if (t.size === 0) return 'UTF8';
  if ([...t].every((x) => x === 'integer')) return 'INT64';
  if ([...t].every((x) => x === 'integer' || x === 'real')) return 'DOUBLE';
  if ([...t].every((x) => x === 'true' || x === 'false')) return 'BOOLEAN';
  return 'UTF8';
}

function schemaElement(name: string, p: Physical): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' as const };
  return p === 'UTF8' ? { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' } : { ...base, type: p };
}

/** A value converted to what the column's Parquet type takes. */
function converter(p: Physical): (v: unknown) => unknown {
  switch (p) {
    case 'INT64':
      return (v) => (typeof v === 'number' ? BigInt(Math.trunc(v)) : null);
    case 'INT32':
    case 'DOUBLE':
      return (v) => (typeof v === 'number' ? v : null);
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : null);
    case 'UTF8':
      return (v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  }
}

/** ZSTD through Node's own zlib (native, fast); hyparquet's built-in Snappy where it is missing. */
function compression(): { codec: 'ZSTD' | 'SNAPPY'; compressors: Record<string, (b: Uint8Array) => Uint8Array> } {
  if (typeof zstdCompressSync !== 'function') return { codec: 'SNAPPY', compressors: {} };
  const params = { [constants.ZSTD_c_compressionLevel]: 1 };
  return { codec: 'ZSTD', compressors: { ZSTD: (b) => zstdCompressSync(b, { params }) } };
}

/**
 * Streams rows into a Parquet file with hyparquet-writer: one row group at a time, each flushed
 * to the sink as soon as it is encoded. `json` columns (meta, tags) are UTF-8 JSON text.
 */
export class ParquetRows {
  private readonly writer: ParquetWriter;
  private readonly bytes = new ByteWriter();
  private readonly convert: ((v: unknown) => unknown)[];
  private cols: unknown[][];
  private n = 0;

  constructor(
    private readonly columns: readonly OutColumn[],
    private readonly sink: FileSink,
    createdBy: string,
  ) {
    const physical = columns.map(physicalOf);
    this.convert = physical.map(converter);
    const schema: SchemaElement[] = [
      { name: 'root', num_children: columns.length },
      ...columns.map((c, i) => schemaElement(c.name, physical[i] as Physical)),
    ];
    // Each row group ends with flush(): hand the encoded bytes to the sink and reuse the buffer.
    const out = this.bytes as ByteWriter & { flush?: () => void };
    out.flush = () => {
      if (out.index === 0) return;
      sink.writeBytes(new Uint8Array(out.buffer, 0, out.index));
      out.index = 0;
    };
    const { codec, compressors } = compression();
    this.writer = new ParquetWriter({ writer: out, schema, codec, compressors, statistics: true, createdBy });
    this.cols = columns.map(() => new Array<unknown>(PARQUET_ROW_GROUP));
  }

  row(r: readonly unknown[]): void {
    const k = this.n;
    for (let i = 0; i < this.columns.length; i++) {
      (this.cols[i] as unknown[])[k] = (this.convert[i] as (v: unknown) => unknown)(
        (this.columns[i] as OutColumn).get(r),
      );
    }
    if (++this.n === PARQUET_ROW_GROUP) this.flushGroup();
  }

  private flushGroup(): void {
    if (this.n === 0) return;
    const n = this.n;
    void this.writer.write({
      columnData: this.columns.map((c, i) => ({
        name: c.name,
        data: n === PARQUET_ROW_GROUP ? (this.cols[i] as unknown[]) : (this.cols[i] as unknown[]).slice(0, n),
      })) as Parameters<ParquetWriter['write']>[0]['columnData'],
      rowGroupSize: PARQUET_ROW_GROUP,
    });
    this.cols = this.columns.map(() => new Array<unknown>(PARQUET_ROW_GROUP));
    this.n = 0;
  }

  end(): void {
    this.flushGroup();
    void this.writer.finish();
    const out = this.bytes as ByteWriter & { flush: () => void };
    out.flush();
  }
}
