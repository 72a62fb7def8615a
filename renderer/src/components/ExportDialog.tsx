import { useEffect, useRef, useState } from 'react';
import { columnByKey } from '../../../shared/columns';
import { DERIVED_EXPORT_COLUMNS, EXPORT_COLUMNS, EXPORT_FORMATS, FORMAT_LABEL, queryText, type ExportColumn } from '../../../shared/export';
import type { Query } from '../../../shared/query';
import { asAppError, call } from '../api';
import {
  chosenColumns,
  defaultColumnChoice,
  exportRequest,
  FORMAT_HINT,
  initialForm,
  type ColumnChoice,
  type ExportForm,
} from '../export-options';
import { formatCount } from '../format';
import { useModalKeys } from '../use-modal-keys';
import '../form-dialog.css';

type Props = {
  query: Query;
  /** Rows in the current view; null while it opens. */
  total: number | null;
  /** Row ids of the selected rows (may be empty). */
  selection: readonly number[];
  /** The table's visible column keys, in order. */
  visibleColumns: readonly string[];
  onClose: () => void;
  onStarted: (jobId: string) => void;
};

/**
 * Export the current view or the selection: the user picks the format, the columns and the
 * CSV options; main's save dialog then asks where (this page never sends a path), and the
 * export runs as a job whose progress the status bar shows.
 */
export function ExportDialog({ query, total, selection, visibleColumns, onClose, onStarted }: Props) {
  const [form, setForm] = useState<ExportForm>(() => initialForm(visibleColumns));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<ExportForm>) => setForm((f) => ({ ...f, ...patch }));
  // The CSV options start as Settings says (they arrive a moment after the dialog opens).
  useEffect(() => {
    let live = true;
    call('settings:get', {}).then(
      ({ settings }) => {
        if (!live) return;
        const { bom, protect, metaColumns } = initialForm(visibleColumns, settings.csv);
        setForm((f) => ({ ...f, bom, protect, metaColumns }));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => first.current?.focus(), []);
  useModalKeys(onClose);

  const columns = chosenColumns(form, visibleColumns);
  const tabular = form.format === 'csv' || form.format === 'parquet';
  const rows = form.scope === 'selection' ? selection.length : total;
  const canExport = !busy && (columns === null || columns.length > 0) && (rows ?? 0) > 0;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const { job_id } = await call('export:start', exportRequest(form, query, selection, visibleColumns));
      if (job_id) onStarted(job_id);
      else setBusy(false); // the save dialog was cancelled: keep the choices on screen
    } catch (err) {
      setError(asAppError(err).message);
      setBusy(false);
    }
  };

  const sortKey = query.sort[0];
  const searched = queryText(query);
  const describeView = [
    searched ? `matching “${searched}”` : 'all images',
    sortKey ? `sorted by ${columnByKey(sortKey.key)?.label ?? sortKey.key} ${sortKey.dir === 'asc' ? '↑' : '↓'}` : '',
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal form-dialog export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
        <h2 id="export-title">Export</h2>

        <fieldset>
          <legend>What</legend>
          <label className="choice">
            <input ref={first} type="radio" name="scope" checked={form.scope === 'view'} onChange={() => set({ scope: 'view' })} data-testid="export-scope-view" />
            <span>
              Current view — <strong>{total === null ? '…' : formatCount(total)}</strong> {total === 1 ? 'image' : 'images'}
              <span className="choice-note">{describeView}</span>
            </span>
          </label>
          <label className={`choice${selection.length === 0 ? ' is-disabled' : ''}`}>
            <input type="radio" name="scope" disabled={selection.length === 0} checked={form.scope === 'selection'} onChange={() => set({ scope: 'selection' })} data-testid="export-scope-selection" />
            <span>
              Selected rows — <strong>{formatCount(selection.length)}</strong>
              {selection.length === 0 && <span className="choice-note">select rows in the table first</span>}
            </span>
          </label>
        </fieldset>

        <fieldset>
          <legend>Format</legend>
          <div className="segmented" role="radiogroup" aria-label="Format">
            {EXPORT_FORMATS.map((f) => (
              <label key={f} className={`segment${form.format === f ? ' is-on' : ''}`}>
                <input
                  type="radio"
                  name="format"
                  value={f}
                  checked={form.format === f}
                  onChange={() => set({ format: f, columnChoice: defaultColumnChoice(f) })}
                  data-testid={`export-format-${f}`}
                />
                {FORMAT_LABEL[f]}
              </label>
            ))}
          </div>
          <p className="hint">{FORMAT_HINT[form.format]}</p>
        </fieldset>

        <fieldset disabled={form.format === 'supervisely'}>
          <legend>Columns</legend>
          {form.format === 'supervisely' ? (
            <p className="hint">A Supervisely project always holds complete records.</p>
          ) : (
            <>
              <div className="choice-row">
                {(
                  [
                    ['visible', `Visible columns (${chosenColumns({ ...form, columnChoice: 'visible' }, visibleColumns)?.length ?? 0})`],
                    ['all', tabular ? `All fields (${EXPORT_COLUMNS.length - DERIVED_EXPORT_COLUMNS.length})` : 'Complete records'],
                    ['custom', 'Choose…'],
                  ] as [ColumnChoice, string][]
                ).map(([value, label]) => (
                  <label key={value} className="choice inline">
                    <input type="radio" name="columns" checked={form.columnChoice === value} onChange={() => set({ columnChoice: value })} data-testid={`export-columns-${value}`} />
                    {label}
                  </label>
                ))}
              </div>
              {form.columnChoice === 'custom' && (
                <div className="column-grid" data-testid="export-column-grid">
                  {EXPORT_COLUMNS.map((c) => (
                    <label key={c} className="choice inline mono">
                      <input
                        type="checkbox"
                        checked={form.custom.includes(c)}
                        onChange={(e) => set({ custom: e.target.checked ? [...form.custom, c] : form.custom.filter((x: ExportColumn) => x !== c) })}
                      />
                      {c}
                    </label>
                  ))}
                </div>
              )}
              {columns && (
                <p className="hint mono" data-testid="export-column-list">
                  {columns.length === 0 ? 'Choose at least one column.' : columns.join(', ')}
                </p>
              )}
            </>
          )}
        </fieldset>

        {tabular && (
          <fieldset>
            <legend>Options</legend>
            <label className="choice inline">
              <input type="checkbox" checked={form.metaColumns} onChange={(e) => set({ metaColumns: e.target.checked })} />
              <span>
                One column per <code>meta</code> key (<code>meta.camera</code>, …) instead of JSON text
              </span>
            </label>
            {form.format === 'csv' && (
              <>
                <label className="choice inline">
                  <input type="checkbox" checked={form.protect} onChange={(e) => set({ protect: e.target.checked })} data-testid="export-protect" />
                  <span>Protect against spreadsheet formulas (text starting with = + - @ gets a leading ')</span>
                </label>
                <label className="choice inline">
                  <input type="checkbox" checked={form.bom} onChange={(e) => set({ bom: e.target.checked })} />
                  <span>Byte-order mark, so Excel reads the file as UTF-8</span>
                </label>
              </>
            )}
          </fieldset>
        )}

        {error && (
          <p className="export-error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <span className="muted">A manifest is written beside the export.</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={start} disabled={!canExport} data-testid="export-start">
            {busy ? 'Choose where to save…' : 'Export…'}
          </button>
        </div>
      </div>
    </div>
  );
}
