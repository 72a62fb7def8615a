import { useState } from 'react';
import { QUALITY_CHECKS } from '../../../shared/quality-checks';
import type { Clause } from '../../../shared/query';
import type { Catalogue, Facet, FacetValue } from '../../../shared/search';
import { formatCount } from '../format';
import { useStats } from '../use-stats';
import type { Query } from '../../../shared/query';
import { HistogramChart } from './HistogramChart';
import '../styles/stats.css';

type Props = {
  query: Query;
  cacheVersion: number;
  catalogue: Catalogue | null;
  /** Adds a filter chip (a bar clicked, a range brushed, a check's offenders). */
  onFilter: (clause: Clause) => void;
  onClose: () => void;
};

/**
 * The stats panel: what the current view holds (histograms, top values) and what is wrong
 * with it (the quality checks), all counted by the core for the current query and redrawn
 * when it changes. Drawn as plain SVG: the charts are bars on two axes, which need no charting
 * library, and the theme's CSS variables colour them in light and dark alike.
 */
export function StatsPanel({ query, cacheVersion, catalogue, onFilter, onClose }: Props) {
  const [metaKey, setMetaKey] = useState<{ key: string; numeric: boolean } | null>(null);
  const stats = useStats(query, cacheVersion, metaKey);
  const pick = (v: FacetValue) => onFilter(v.clause);
  return (
    <aside className="stats" aria-label="Statistics" aria-busy={stats.loading} data-testid="stats-panel">
      <header className="stats-header">
        <h2>Statistics</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close statistics">
          ×
        </button>
      </header>
      {stats.error && (
        <p className="stats-error" role="alert">
          {stats.error.message}
        </p>
      )}
      <section className="stats-section" aria-label="Quality checks" data-testid="checks-panel">
        <h3>Quality checks</h3>
        <ul className="checks">
          {QUALITY_CHECKS.map((c) => {
            const n = stats.checks?.[c.id];
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`check${n ? ' has-findings' : ''}`}
                  data-testid={`check-${c.id}`}
                  disabled={!n}
                  title={n ? `Show the ${formatCount(n)} records (is:${c.id})` : 'Nothing found'}
                  onClick={() => onFilter({ type: 'clause', field: 'is', op: 'eq', value: c.id, negated: false, enabled: true })}
                >
                  <span className="check-label">{c.label}</span>
                  <span className="check-count" data-count={n ?? ''}>
                    {n === undefined ? '…' : formatCount(n)}
                  </span>
                  <span className="check-explain">{c.explain}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="stats-section" aria-label="Distributions">
        <h3>Distributions</h3>
        <p className="stats-hint">Drag across bars to filter by a range; click one bar for its bin.</p>
        {stats.histograms?.map((h) => <HistogramChart key={h.id} histogram={h} onRange={onFilter} />)}
      </section>
      <section className="stats-section" aria-label="Top values">
        <h3>Top values</h3>
        <label className="stats-meta-pick">
          Meta key{' '}
          <select
            value={metaKey?.key ?? ''}
            onChange={(e) => {
              const k = catalogue?.meta_keys.find((m) => m.key === e.target.value);
              setMetaKey(k ? { key: k.key, numeric: k.type === 'number' } : null);
            }}
            data-testid="stats-meta-key"
          >
            <option value="">(none)</option>
            {catalogue?.meta_keys.map((m) => (
              <option key={m.key} value={m.key}>
                {m.key} ({m.type})
              </option>
            ))}
          </select>
        </label>
        {stats.top?.map((f) => <TopBars key={f.id} facet={f} onPick={pick} />)}
      </section>
    </aside>
  );
}

const BAR_W = 340;
const ROW_H = 18;
const LABEL_W = 130;
const COUNT_W = 56;

/** A facet's top values as horizontal bars: label, bar to scale, exact count; click filters. */
function TopBars({ facet, onPick }: { facet: Facet; onPick: (v: FacetValue) => void }) {
  const max = Math.max(1, ...facet.values.map((v) => v.count));
  const plot = BAR_W - LABEL_W - COUNT_W;
  return (
    <figure className="topbars" data-testid={`top-${facet.id}`}>
      <figcaption>
        <span className="histogram-title">{facet.label}</span>
        {facet.truncated && <span className="histogram-missing">top {facet.values.length}</span>}
      </figcaption>
      {facet.status === 'counting' ? (
        <p className="stats-empty">Counting…</p>
      ) : facet.values.length === 0 ? (
        <p className="stats-empty">No values under this search.</p>
      ) : (
        <svg viewBox={`0 0 ${BAR_W} ${facet.values.length * ROW_H + 4}`} role="list" aria-label={facet.label}>
          {facet.values.map((v, k) => (
            <g
              key={`${v.label}${k}`}
              className="topbar"
              role="listitem"
              tabIndex={0}
              onClick={() => onPick(v)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') onPick(v);
              }}
              data-count={v.count}
            >
              <title>{`${v.label}: ${formatCount(v.count)} — click to filter`}</title>
              <rect className="hit" x={0} y={k * ROW_H} width={BAR_W} height={ROW_H} />
              <text className="bar-label" x={LABEL_W - 6} y={k * ROW_H + 13} textAnchor="end">
                {v.label.length > 20 ? `${v.label.slice(0, 19)}…` : v.label}
              </text>
              <rect className="bar" x={LABEL_W} y={k * ROW_H + 3} width={Math.max(1, (v.count / max) * plot)} height={ROW_H - 6} />
              <text className="tick" x={BAR_W - 2} y={k * ROW_H + 13} textAnchor="end">
                {formatCount(v.count)}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
