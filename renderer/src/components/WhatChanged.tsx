import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import type { FieldChange, RecordChange, ServerAccount, WhatChanged as Changes } from '../../../shared/sync';
import { asAppError, call } from '../api';
import { formatCount, formatDate } from '../format';
import { accountLabel, diffValue } from '../sync-format';
import { useModalKeys } from '../use-modal-keys';
import '../styles/sync.css';

const PAGE = 100;
type Filter = 'all' | RecordChange['change'];

/** The last sync of each project of an account: new, updated and deleted records, field by field. */
export function WhatChanged({ account, onClose }: { account: ServerAccount; onClose: () => void }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [data, setData] = useState<Changes | null>(null);
  const [more, setMore] = useState<RecordChange[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  useModalKeys(onClose);

  useEffect(() => {
    let live = true;
    call('sync:changes', { source_id: account.source_id, limit: PAGE, ...(filter === 'all' ? {} : { change: filter }) }).then(
      (d) => {
        if (!live) return;
        setData(d);
        setMore([]);
      },
      (err: unknown) => live && setError(asAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [account.source_id, filter]);

  const shown = data ? [...data.changes, ...more] : [];
  const loadMore = async () => {
    try {
      const d = await call('sync:changes', { source_id: account.source_id, limit: PAGE, offset: shown.length, ...(filter === 'all' ? {} : { change: filter }) });
      setMore((m) => [...m, ...d.changes]);
    } catch (err) {
      setError(asAppError(err));
    }
  };
  const totals = data?.passes.reduce((t, p) => ({ added: t.added + p.added, updated: t.updated + p.updated, deleted: t.deleted + p.deleted }), { added: 0, updated: 0, deleted: 0 });

  return (
    <div className="sync-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="sync-modal what-changed" role="dialog" aria-modal="true" aria-labelledby="changes-title" data-testid="what-changed">
        <header className="sheet-head">
          <div>
            <h2 id="changes-title">What changed</h2>
            <p className="muted">{accountLabel(account)} — the last complete sync of each project</p>
          </div>
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        </header>
        {error && (
          <div className="sync-banner is-error" role="alert">
            {error.message}
          </div>
        )}
        {data && data.passes.length === 0 && <p className="muted tree-empty">No sync has completed yet for this account.</p>}
        {data && data.passes.length > 0 && (
          <>
            <ul className="changes-passes">
              {data.passes.map((p) => (
                <li key={p.project_id} data-testid="changes-pass">
                  <strong>{p.project}</strong> · {p.first ? 'first' : p.kind === 'full' ? 'full' : 'incremental'} sync, {formatDate(p.finished_at)} · {formatCount(p.added)} new · {formatCount(p.updated)} updated · {formatCount(p.deleted)} deleted
                  {p.first && ' — on a first sync every record is new, so they are not listed one by one'}
                  {p.relists > 0 && (
                    <span data-testid="changes-relists">
                      {' '}
                      · listed again {p.relists === 1 ? 'once' : `${p.relists} times`}: the server changed while it was read, so the sync read it again until a listing was proven complete
                    </span>
                  )}
                </li>
              ))}
            </ul>
            <div className="changes-filter" role="tablist" aria-label="Show">
              {(['all', 'added', 'updated', 'deleted'] as const).map((f) => (
                <button key={f} type="button" role="tab" aria-selected={filter === f} className={`button button-small${filter === f ? ' is-on' : ''}`} onClick={() => setFilter(f)} data-testid={`changes-filter-${f}`}>
                  {f === 'all' ? `All ${formatCount((totals?.added ?? 0) + (totals?.updated ?? 0) + (totals?.deleted ?? 0))}` : `${f === 'added' ? 'New' : f === 'updated' ? 'Updated' : 'Deleted'} ${formatCount(totals?.[f] ?? 0)}`}
                </button>
              ))}
            </div>
            <ol className="changes-list" data-testid="changes-list">
              {shown.map((c) => (
                <ChangeItem key={`${c.project_id}:${c.image_id}`} c={c} />
              ))}
            </ol>
            {shown.length < data.total && (
              <button type="button" className="button button-small changes-more" onClick={loadMore}>
                Show {formatCount(Math.min(PAGE, data.total - shown.length))} more of {formatCount(data.total - shown.length)}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function ChangeItem({ c }: { c: RecordChange }) {
  const mark = c.change === 'added' ? '+' : c.change === 'deleted' ? '−' : '~';
  return (
    <li className={`change is-${c.change}`} data-testid="change" data-change={c.change} data-image-id={c.image_id}>
      <div className="change-head">
        <span className="change-mark" aria-label={c.change}>
          {mark}
        </span>
        <span className="change-name">{c.name}</span>
        <span className="muted">{c.dataset ?? ''}</span>
        <span className="muted mono">#{c.image_id}</span>
      </div>
      {(c.fields.length > 0 || c.meta.length > 0 || c.tags.length > 0) && (
        <table className="change-diff">
          <tbody>
            {c.fields.map((f) => (
              <DiffRow key={`f${f.path}`} label={f.path} f={f} />
            ))}
            {c.meta.map((f) => (
              <DiffRow key={`m${f.path}`} label={`meta.${f.path}`} f={f} />
            ))}
            {c.tags.map((t, i) => (
              <tr key={`t${i}`} className={`diff-tag is-${t.change}`} data-testid="diff-tag">
                <th scope="row">tag</th>
                <td colSpan={2}>
                  {t.change === 'added' ? '+ ' : t.change === 'removed' ? '− ' : '~ '}
                  <span className="chip">{t.name}</span>
                  {t.change === 'changed'
                    ? ` ${diffValue(t.before, true)} → ${diffValue(t.after, true)}`
                    : t.change === 'added'
                      ? t.after !== null && t.after !== undefined && ` = ${diffValue(t.after, true)}`
                      : t.before !== null && t.before !== undefined && ` = ${diffValue(t.before, true)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

function DiffRow({ label, f }: { label: string; f: FieldChange }) {
  const had = Object.hasOwn(f, 'before');
  const has = Object.hasOwn(f, 'after');
  return (
    <tr data-testid="diff-field" data-path={label}>
      <th scope="row" className="mono">
        {label}
      </th>
      <td className="diff-before mono">{diffValue(f.before, had)}</td>
      <td className="diff-after mono">{diffValue(f.after, has)}</td>
    </tr>
  );
}
