import { useEffect, useRef, useState } from 'react';
import { THEMES, type AppSettings, type Theme } from '../../../shared/settings';
import type { ChannelOutput } from '../../../shared/contract';
import { asAppError, call, on } from '../api';
import { formatBytes } from '../format';
import { useModalKeys } from '../use-modal-keys';
import '../form-dialog.css';
import '../settings-dialog.css';

type View = ChannelOutput<'settings:get'>;
const THEME_LABEL: Record<Theme, string> = {
  system: 'Match the system',
  light: 'Light',
  dark: 'Dark',
};

const THUMB_LIMITS = [256, 512, 1024, 2048, 5120, 10240, 20480].map((mib) => mib * 1024 ** 2);

/**
 * Settings the app keeps between runs: the theme, the CSV options an export starts with, and
 * where the cache lives (moved with progress by a job; the next start opens it there).
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [move, setMove] = useState<{
    id: string;
    fraction: number;
    state: string;
    message: string | null;
  } | null>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('settings:get', {}).then(setView, (e: unknown) => setError(asAppError(e).message));
  }, []);
  useEffect(() => {
    if (view) first.current?.focus();
  }, [view]);
  useModalKeys(onClose);
  useEffect(
    () =>
      on('jobs:progress', (job) => {
        if (job.kind !== 'cache-move') return;
        setMove({
          id: job.id,
          fraction: job.total ? job.done / job.total : 0,
          state: job.state,
          message: job.error?.message ?? null,
        });
        if (job.state === 'done') call('settings:get', {}).then(setView, () => undefined);
      }),
    [],
  );

  const change = async (patch: { theme?: Theme; csv?: AppSettings['csv']; thumbnails?: AppSettings['thumbnails'] }) => {
    setError(null);
    // Shown at once; main's answer (the saved settings) then confirms or corrects it.
    setView((v) => (v ? { ...v, settings: { ...v.settings, ...patch } } : v));
    try {
      setView(await call('settings:set', patch));
    } catch (e) {
      setError(asAppError(e).message);
    }
  };
  const startMove = async () => {
    setError(null);
    try {
      const { job_id } = await call('cache:move', {});
      if (job_id) setMove({ id: job_id, fraction: 0, state: 'running', message: null });
    } catch (e) {
      setError(asAppError(e).message);
    }
  };

  const csv = view?.settings.csv;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal form-dialog settings-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        data-testid="settings-dialog"
      >
        <h2 id="settings-title">Settings</h2>
        {view && csv && (
          <>
            <fieldset>
              <legend>Theme</legend>
              <div className="segmented" role="radiogroup" aria-label="Theme">
                {THEMES.map((t, i) => (
                  <label key={t} className={`segment${view.settings.theme === t ? ' is-on' : ''}`}>
                    <input
                      ref={i === 0 ? first : undefined}
                      type="radio"
                      name="theme"
                      checked={view.settings.theme === t}
                      onChange={() => void change({ theme: t })}
                      data-testid={`settings-theme-${t}`}
                    />
                    {THEME_LABEL[t]}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>CSV exports start with</legend>
              <label className="choice inline">
                <input
                  type="checkbox"
                  checked={!csv.raw}
                  onChange={(e) => void change({ csv: { ...csv, raw: !e.target.checked } })}
                  data-testid="settings-csv-protect"
                />
                <span>Protection against spreadsheet formulas</span>
              </label>
              <label className="choice inline">
                <input
                  type="checkbox"
                  checked={csv.bom}
                  onChange={(e) => void change({ csv: { ...csv, bom: e.target.checked } })}
                  data-testid="settings-csv-bom"
                />
                <span>A byte-order mark, so Excel reads the file as UTF-8</span>
              </label>
              <label className="choice inline">
                <input
                  type="checkbox"
                  checked={csv.meta === 'columns'}
                  onChange={(e) =>
                    void change({ csv: { ...csv, meta: e.target.checked ? 'columns' : 'json' } })
                  }
                  data-testid="settings-csv-meta"
                />
                <span>
                  One column per <code>meta</code> key instead of JSON text
                </span>
              </label>
            </fieldset>
            <fieldset>
              <legend>Thumbnails</legend>
              <label className="choice inline">
                <span>Keep at most</span>
                <select
                  value={view.settings.thumbnails.max_bytes}
                  onChange={(e) => void change({ thumbnails: { max_bytes: Number(e.target.value) } })}
                  data-testid="settings-thumb-limit"
                >
                  {[...new Set([...THUMB_LIMITS, view.settings.thumbnails.max_bytes])]
                    .sort((a, b) => a - b)
                    .map((n) => (
                      <option key={n} value={n}>
                        {formatBytes(n)}
                      </option>
                    ))}
                </select>
                <span>of thumbnails; the least recently seen go first.</span>
              </label>
              <p className="hint" data-testid="settings-thumb-used">
                {formatBytes(view.thumbnails.bytes)} stored now.
              </p>
            </fieldset>
            <fieldset>
              <legend>Cache</legend>
              <p
                className="settings-path mono"
                data-testid="settings-cache-path"
                title={view.cache.path}
              >
                {view.cache.path}
              </p>
              <p className="hint">{formatBytes(view.cache.bytes)} on disk.</p>
              {view.cache.moved_to ? (
                <p className="settings-moved" role="status" data-testid="settings-cache-moved">
                  Copied to <span className="mono">{view.cache.moved_to}</span>. Restart Loupe to
                  use it there; the old copy is removed then.
                </p>
              ) : move && move.state === 'running' ? (
                <div
                  className="settings-progress"
                  role="status"
                  data-testid="settings-cache-moving"
                >
                  <progress max={1} value={move.fraction} aria-label="Moving the cache" />{' '}
                  {Math.round(move.fraction * 100)}%
                </div>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={() => void startMove()}
                  data-testid="settings-cache-move"
                >
                  Move cache…
                </button>
              )}
              {move?.state === 'failed' && (
                <p className="settings-error" role="alert">
                  {move.message}
                </p>
              )}
            </fieldset>
          </>
        )}
        {error && (
          <p className="settings-error" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <span className="muted">Saved as you change them.</span>
          <button
            type="button"
            className="button button-primary"
            onClick={onClose}
            data-testid="settings-close"
          >
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
