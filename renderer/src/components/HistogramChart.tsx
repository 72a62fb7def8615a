import { useState } from 'react';
import type { Clause } from '../../../shared/query';
import type { Histogram, HistogramBin } from '../../../shared/stats';
import { formatBytes, formatCount } from '../format';

const W = 340;
const H = 132;
const PAD = { left: 44, right: 8, top: 8, bottom: 30 };

/** A bin edge as people read it: bytes as KB/MB, dates as they are, numbers compact. */
export function formatEdge(h: Histogram, v: number | string): string {
  if (typeof v === 'string') return h.step === 'month' ? v.slice(0, 7) : v;
  if (h.unit === 'bytes') return formatBytes(v);
  return Math.abs(v) >= 10_000 ? formatCount(v) : String(Number(v.toPrecision(4)));
}

/** The chip for bins `a`…`b`: [lo of a, hi of b), the last bin closed. Null when the value has no field. */
export function rangeClause(h: Histogram, a: number, b: number): Clause | null {
  const first = h.bins[Math.min(a, b)];
  const last = h.bins[Math.max(a, b)];
  if (!h.field || !first || !last) return null;
  return {
    type: 'clause',
    field: h.field,
    op: 'range',
    min: String(first.lo),
    max: String(last.hi),
    min_inclusive: true,
    max_inclusive: last === h.bins.at(-1),
    negated: false,
    enabled: true,
  };
}

type Props = { histogram: Histogram; onRange: (c: Clause) => void };

/**
 * One histogram as an SVG bar chart: y axis with counts, x axis with bin edges, a tooltip for
 * the bar under the pointer, and a brush — press on a bar, drag across, release — that adds
 * the range as a filter chip (a click is a one-bar range). Colours are the theme's variables.
 */
export function HistogramChart({ histogram: h, onRange }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const n = h.bins.length;
  const max = Math.max(1, ...h.bins.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  // One bin (every value the same): a bar of ordinary width in the middle, not a slab across the plot.
  const single = n === 1;
  // …and when that bin holds one whole number (every record has the same value), say the value.
  const oneValue = single && h.step === 1 && Number.isInteger(h.bins[0]?.lo);
  const bw = single ? Math.min(plotW, 48) : n > 0 ? plotW / n : plotW;
  const x0 = single ? PAD.left + (plotW - bw) / 2 : PAD.left;
  const y = (c: number) => PAD.top + plotH - (c / max) * plotH;
  const brushable = h.field !== null;
  const inBrush = (k: number) =>
    brush !== null && k >= Math.min(brush.from, brush.to) && k <= Math.max(brush.from, brush.to);
  const finish = () => {
    if (!brush) return;
    const c = rangeClause(h, brush.from, brush.to);
    setBrush(null);
    if (c) onRange(c);
  };
  const tip = hover !== null ? h.bins[hover] : undefined;
  const labelAt = [0, Math.floor(n / 2), n - 1].filter(
    (k, i, all) => n > 0 && all.indexOf(k) === i,
  );
  return (
    <figure className="histogram" data-testid={`histogram-${h.id}`}>
      <figcaption>
        <span className="histogram-title">{h.label}</span>
        {h.unit && h.unit !== 'bytes' && <span className="histogram-unit">{h.unit}</span>}
        {h.missing > 0 && (
          <span className="histogram-missing">{formatCount(h.missing)} without a value</span>
        )}
      </figcaption>
      {n === 0 ? (
        <p className="stats-empty">No values under this search.</p>
      ) : (
        <div className="histogram-plot">
          <svg
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-label={`${h.label}: ${n} bins ${h.scale === 'log' ? 'on a log scale' : `by ${typeof h.step === 'number' ? formatEdge(h, h.step) : h.step}`}, at most ${formatCount(max)} per bin`}
            onMouseLeave={() => {
              setHover(null);
              setBrush(null);
            }}
            onMouseUp={finish}
          >
            <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
            <line className="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} />
            {[0, max / 2, max].map((t) => (
              <g key={t}>
                <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
                <text className="tick" x={PAD.left - 4} y={y(t) + 3} textAnchor="end">
                  {formatCount(Math.round(t))}
                </text>
              </g>
            ))}
            {h.bins.map((b, k) => (
              <rect
                key={k}
                className={`bar${hover === k ? ' hover' : ''}${inBrush(k) ? ' brushed' : ''}${brushable ? ' brushable' : ''}`}
                x={x0 + k * bw + (bw > 3 ? 0.5 : 0)}
                y={b.count > 0 ? Math.min(y(b.count), y(0) - 1) : y(0)}
                width={Math.max(1, bw - (bw > 3 ? 1 : 0))}
                height={b.count > 0 ? Math.max(1, y(0) - y(b.count)) : 0}
                data-count={b.count}
              />
            ))}
            {/* Full-height hit areas: empty bins can be hovered and brushed too. */}
            {h.bins.map((_, k) => (
              <rect
                key={`hit${k}`}
                className="hit"
                x={x0 + k * bw}
                y={PAD.top}
                width={bw}
                height={plotH}
                onMouseEnter={() => {
                  setHover(k);
                  if (brush) setBrush({ ...brush, to: k });
                }}
                onMouseDown={(e) => {
                  e.preventDefault();
                  if (brushable) setBrush({ from: k, to: k });
                }}
              />
            ))}
            {labelAt.map((k) => (
              <text
                key={k}
                className="tick"
                x={x0 + k * bw + (single ? bw / 2 : k === 0 ? 0 : k === n - 1 ? bw : bw / 2)}
                y={H - PAD.bottom + 13}
                textAnchor={single ? 'middle' : k === 0 ? 'start' : k === n - 1 ? 'end' : 'middle'}
              >
                {single && !oneValue
                  ? `${formatEdge(h, (h.bins[k] as HistogramBin).lo)} – ${formatEdge(h, (h.bins[k] as HistogramBin).hi)}`
                  : formatEdge(h, (h.bins[k] as HistogramBin).lo)}
              </text>
            ))}
            <text className="axis-label" x={PAD.left + plotW / 2} y={H - 3} textAnchor="middle">
              {oneValue
                ? 'one value'
                : h.scale === 'log'
                  ? 'log scale: bins 1-2-5 × 10ⁿ'
                  : typeof h.step === 'number'
                    ? `bins of ${formatEdge(h, h.step)}`
                    : `by ${h.step}`}
            </text>
          </svg>
          {tip && (
            <div
              className="chart-tip"
              role="status"
              style={{ left: `${((x0 + (hover as number) * bw + bw / 2) / W) * 100}%` }}
            >
              {formatEdge(h, tip.lo)} – {formatEdge(h, tip.hi)}:{' '}
              <strong>{formatCount(tip.count)}</strong>
            </div>
          )}
        </div>
      )}
    </figure>
  );
}
