import { useEffect, useMemo, useRef, useState } from 'react';
import type { MetaKey } from '../../../shared/search';
import { FIXED_COLUMN_SPECS, metaSpec, type ColumnSpec } from '../../../shared/view-columns';
import type { ColumnLayoutState } from '../use-column-layout';

type Props = {
  columns: ColumnLayoutState;
  /** The cache's meta keys with their types (the search catalogue). */
  metaKeys: readonly MetaKey[];
  onClose: () => void;
};

const TYPE_LABEL: Record<MetaKey['type'], string> = {
  number: 'number',
  string: 'text',
  boolean: 'bool',
  null: 'empty',
  mixed: 'mixed',
};

/** ISO-looking text values: the catalogue types them as text, the chooser says "date". */
const DATE_KEY = /(^|[._])(date|time|created|updated|timestamp|_at)$|_at$/i;

/**
 * Every column the table can show — its own, every other ImageInfo field, every meta key the
 * cache holds (typed) — with a search box; ticking shows a column at the right end, unticking
 * hides it. Order, width and pins are set on the header itself.
 */
export function ColumnChooser({ columns, metaKeys, onClose }: Props) {
  const [filter, setFilter] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const shown = new Set(columns.layout.columns);
  const groups = useMemo(() => {
    const meta = metaKeys.map((k) => ({
      spec: metaSpec(k.key, k.type === 'number'),
      type: k.type === 'string' && DATE_KEY.test(k.key) ? 'date' : TYPE_LABEL[k.type],
      count: k.count,
    }));
    return [
      { title: 'Table', items: FIXED_COLUMN_SPECS.filter((s) => s.kind === 'table').map((spec) => ({ spec, type: '', count: null })) },
      { title: 'Image fields', items: FIXED_COLUMN_SPECS.filter((s) => s.kind === 'field').map((spec) => ({ spec, type: '', count: null })) },
      { title: 'Meta keys', items: meta },
    ];
  }, [metaKeys]);
  const needle = filter.trim().toLowerCase();
  const matches = (s: ColumnSpec) => !needle || s.label.toLowerCase().includes(needle) || s.id.toLowerCase().includes(needle);

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="column-chooser"
        role="dialog"
        aria-modal="true"
        aria-labelledby="column-chooser-title"
        data-testid="column-chooser"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="chooser-head">
          <h2 id="column-chooser-title">Columns</h2>
          <span className="chooser-count">{columns.layout.columns.length} shown</span>
        </div>
        <input
          ref={input}
          type="search"
          className="chooser-search"
          placeholder="Find a field or meta key"
          aria-label="Find a column"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="column-search"
        />
        <div className="chooser-list" role="group" aria-label="Columns to show">
          {groups.map((g) => {
            const items = g.items.filter((it) => matches(it.spec));
            if (items.length === 0) return null;
            return (
              <section key={g.title} className="chooser-group" aria-label={g.title}>
                <h3>{g.title}</h3>
                {items.map(({ spec, type, count }) => (
                  <label key={spec.id} className="chooser-item" data-testid="column-option" data-col={spec.id}>
                    <input
                      type="checkbox"
                      checked={shown.has(spec.id)}
                      disabled={shown.has(spec.id) && shown.size === 1}
                      onChange={() => columns.toggle(spec.id)}
                    />
                    <span className="chooser-label">{spec.label}</span>
                    {type && <span className={`type-badge type-${type}`}>{type}</span>}
                    {count !== null && <span className="chooser-meta-count">{count.toLocaleString('en-US')}</span>}
                  </label>
                ))}
              </section>
            );
          })}
          {groups.every((g) => !g.items.some((it) => matches(it.spec))) && <p className="chooser-empty">No field or meta key matches “{filter}”.</p>}
        </div>
        <div className="chooser-foot">
          <button type="button" className="button" onClick={columns.fitToWindow} data-testid="columns-fit">
            Fit to window
          </button>
          <button type="button" className="button" onClick={columns.reset} data-testid="columns-reset">
            Reset
          </button>
          <button type="button" className="button button-primary" onClick={onClose} data-testid="columns-done">
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
