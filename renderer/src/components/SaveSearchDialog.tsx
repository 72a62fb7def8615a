import { useEffect, useRef, useState } from 'react';
import type { SavedSearch } from '../../../shared/search';
import { LoupeError } from '../../../shared/errors';
import { formatCount } from '../format';

type Props = {
  /** The current search as text (what a live search keeps). */
  text: string;
  /** Images matching now (what a snapshot keeps). */
  total: number | null;
  onSave: (name: string, kind: SavedSearch['kind'], overwrite: boolean) => Promise<void>;
  onClose: () => void;
};

/** Saves the current search: live (the query, run again when reopened) or a snapshot (these records). */
export function SaveSearchDialog({ text, total, onSave, onClose }: Props) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SavedSearch['kind']>('live');
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const submit = async (overwrite: boolean) => {
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(name.trim(), kind, overwrite);
      onClose();
    } catch (err) {
      setBusy(false);
      setTaken(err instanceof LoupeError && err.code === 'INVALID_INPUT' && err.details?.field === 'name');
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="save-search-title"
        data-testid="save-search-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <h2 id="save-search-title">Save search</h2>
        <div className="dialog-body">
          <label className="field-label">
            Name
            <input
              ref={input}
              className="text-input"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setTaken(false);
                setError(null);
              }}
              maxLength={200}
              data-testid="save-search-name"
            />
          </label>
          <p className="dialog-note mono" title={text}>
            {text || '(everything)'}
          </p>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'live'} onChange={() => setKind('live')} data-testid="save-search-live" />
            <span>
              <strong>Live</strong> — reopening runs the query again, so new matches appear.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'snapshot'} onChange={() => setKind('snapshot')} data-testid="save-search-snapshot" />
            <span>
              <strong>Snapshot</strong> — keeps exactly these {total === null ? '' : formatCount(total)} images.
            </span>
          </label>
          {error && (
            <p className="dialog-error" role="alert" data-testid="save-search-error">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {taken ? (
            <button type="button" className="button button-primary" onClick={() => void submit(true)} disabled={busy} data-testid="save-search-replace">
              Replace it
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={busy || !name.trim()} data-testid="save-search-ok">
              Save
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
