import { useState } from 'react';

type Props = {
  value: unknown;
  /** Objects and arrays at a depth below this start expanded. */
  openDepth?: number;
};

/** A collapsible view of a JSON value: objects and arrays fold, scalars show typed. */
export function JsonTree({ value, openDepth = 1 }: Props) {
  if (!isContainer(value)) return <Scalar value={value} />;
  const entries = entriesOf(value);
  if (entries.length === 0)
    return <span className="json-empty">{Array.isArray(value) ? '[ ]' : '{ }'}</span>;
  return (
    <ul className="json-tree">
      {entries.map(([k, v]) => (
        <Node key={k} name={k} value={v} depth={0} openDepth={openDepth} />
      ))}
    </ul>
  );
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const [open, setOpen] = useState(depth + 1 < openDepth);
  if (!isContainer(value)) {
    return (
      <li className="json-node">
        <span className="json-key">{name}</span>
        <span className="json-colon">:</span> <Scalar value={value} />
      </li>
    );
  }
  const entries = entriesOf(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <li className="json-node">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        disabled={entries.length === 0}
      >
        <span className={`json-caret${open ? ' is-open' : ''}`} aria-hidden="true">
          ▸
        </span>
        <span className="json-key">{name}</span>
        <span className="json-summary">{summary}</span>
      </button>
      {open && entries.length > 0 && (
        <ul className="json-tree">
          {entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="json-number">{value}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function entriesOf(v: object): [string, unknown][] {
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
}
