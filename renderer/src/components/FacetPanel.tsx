import type { MouseEvent } from 'react';
import type { Filter } from '../../../shared/query';
import type { Facet, FacetValue } from '../../../shared/search';
import { facetAxis, type FacetAxis } from '../facet-axis';
import { valueState } from '../filter-ops';
import { formatCount } from '../format';
import type { FacetsState } from '../use-facets';

type Props = {
  state: FacetsState;
  filter: Filter;
  /** A value clicked: include it, or with `exclude` (Alt-click) leave it out. */
  onPick: (value: FacetValue, exclude: boolean) => void;
  expanded: ReadonlySet<string>;
  onExpand: (facetId: string, open: boolean) => void;
};

/**
 * The facet sidebar: dataset tree, tags, ext/mime, author, label buckets, histograms
 * of size, width and dates, the top meta keys — counted under the current filter. Click
 * includes a value, Alt-click excludes it; a slow facet says "counting…" until it is ready.
 */
export function FacetPanel({ state, filter, onPick, expanded, onExpand }: Props) {
  const { facets, loading, error, progress } = state;
  return (
    <section className="facets" aria-label="Filters" aria-busy={loading} data-testid="facets">
      <h2 className="sidebar-heading">Filters</h2>
      <p className="facet-hint">Click a value to include it, Alt-click to exclude it.</p>
      {error && (
        <p className="sidebar-empty facet-error" role="alert">
          {error.message}
        </p>
      )}
      {facets?.map((f) => (
        <FacetSection
          key={f.id}
          facet={f}
          filter={filter}
          onPick={onPick}
          expanded={expanded.has(f.id)}
          onExpand={onExpand}
          stale={loading}
          progress={progress}
        />
      ))}
    </section>
  );
}

function FacetSection({
  facet,
  filter,
  onPick,
  expanded,
  onExpand,
  stale,
  progress,
}: {
  facet: Facet;
  filter: Filter;
  onPick: Props['onPick'];
  expanded: boolean;
  onExpand: Props['onExpand'];
  stale: boolean;
  progress: number | null;
}) {
  const counting = facet.status === 'counting';
  const max = Math.max(1, ...facet.values.map((v) => v.count));
  const pick = (v: FacetValue) => (e: MouseEvent) => onPick(v, e.altKey);
  const axis = facet.kind === 'histogram' ? facetAxis(facet.id, facet.values) : null;
  const listed = axis ? axis.rest : facet.values;
  return (
    <div
      className={`facet${stale ? ' is-stale' : ''}`}
      data-testid="facet"
      data-facet={facet.id}
      data-status={facet.status}
    >
      <h3 className="facet-title">
        <span>{facet.label}</span>
        {counting && (
          <span className="facet-counting" data-testid="facet-counting">
            {/* Never "100%" while counting: after the last step the counts are still stored and announced. */}
            {progress === null ? 'counting…' : `counting… ${Math.min(99, Math.floor(progress * 100))}%`}
          </span>
        )}
      </h3>
      {counting ? (
        <div className="facet-skeleton" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      ) : facet.values.length === 0 ? (
        <p className="facet-none">No values</p>
      ) : (
        <>
          {axis && <FacetChart axis={axis} label={facet.label} filter={filter} pick={pick} />}
          {listed.length > 0 && (
            <ul className="facet-values">
              {listed.map((v) => {
                const st = valueState(filter, v.clause);
                return (
                  <li key={`${v.label}-${v.depth ?? 0}`}>
                    <button
                      type="button"
                      className={`facet-value${st ? ` is-${st}` : ''}`}
                      style={{ ['--depth' as string]: v.depth ?? 0 }}
                      onClick={pick(v)}
                      aria-pressed={st === 'include'}
                      title={`${v.label}: ${formatCount(v.count)} — click to ${st === 'include' ? 'remove' : 'include'}, Alt-click to ${st === 'exclude' ? 'remove' : 'exclude'}`}
                      data-testid="facet-value"
                      data-state={st ?? 'none'}
                    >
                      <span
                        className="facet-bar"
                        style={{ ['--ratio' as string]: v.count / max }}
                        aria-hidden="true"
                      />
                      <span className="facet-label">
                        {st === 'exclude' && <span className="facet-not">NOT</span>}
                        {v.depth ? v.label.split('/').at(-1) : v.label}
                      </span>
                      <span className="facet-count" data-testid="facet-count">
                        {formatCount(v.count)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      {(facet.truncated || expanded) && !counting && (
        <div className="facet-footer">
          <button
            type="button"
            className="link-button facet-more"
            onClick={() => onExpand(facet.id, !expanded)}
            data-testid="facet-more"
          >
            {expanded
              ? 'Show fewer'
              : facet.more
                ? `+ ${formatCount(facet.more)} more`
                : 'Show more…'}
          </button>
          {expanded && facet.truncated && facet.more ? (
            <span className="facet-remaining" data-testid="facet-remaining">
              + {formatCount(facet.more)} more not shown
            </span>
          ) : null}
        </div>
      )}
    </div>
  );
}

/**
 * A numeric facet as a column chart with real axes: counts up the left in round steps with
 * grid lines, bucket edges (or years, or quarters) along the bottom in the field's unit, the
 * unit named under it. Each column with images is a button: click includes, Alt-click excludes.
 */
function FacetChart({
  axis,
  label,
  filter,
  pick,
}: {
  axis: FacetAxis;
  label: string;
  filter: Filter;
  pick: (v: FacetValue) => (e: MouseEvent) => void;
}) {
  const pct = (n: number) => `${(n / axis.yMax) * 100}%`;
  return (
    <div className="facet-chart" data-testid="facet-chart">
      <div className="facet-chart-y" aria-hidden="true">
        {axis.yTicks.map((t) => (
          <span key={t} style={{ bottom: pct(t) }}>
            {formatCompact(t)}
          </span>
        ))}
      </div>
      <div className="facet-chart-plot" role="group" aria-label={`${label}: ${axis.title}`}>
        {axis.yTicks.map((t) => (
          <span
            key={t}
            className="facet-chart-grid"
            style={{ bottom: pct(t) }}
            aria-hidden="true"
          />
        ))}
        {axis.columns.map((c) => {
          const v = c.value;
          if (!v)
            return (
              <span key={c.label} className="facet-chart-col is-empty" title={`${c.label}: none`} />
            );
          const st = valueState(filter, v.clause);
          return (
            <button
              key={c.label}
              type="button"
              className={`facet-chart-col${st ? ` is-${st}` : ''}`}
              onClick={pick(v)}
              title={`${c.label}: ${formatCount(c.count)} — click to include, Alt-click to exclude`}
              aria-label={`${c.label}: ${formatCount(c.count)}`}
              aria-pressed={st === 'include'}
              data-testid="facet-value"
              data-state={st ?? 'none'}
            >
              <span style={{ height: `max(2px, ${pct(c.count)})` }} />
            </button>
          );
        })}
      </div>
      <span aria-hidden="true" />
      <div className="facet-chart-x" aria-hidden="true">
        {axis.ticks.map((t) => (
          <span
            key={`${t.at}`}
            className={t.at >= 0.95 ? 'is-end' : t.at <= 0.05 ? 'is-start' : ''}
            style={{ left: `${t.at * 100}%` }}
          >
            {t.label}
          </span>
        ))}
      </div>
      <span aria-hidden="true" />
      <div className="facet-chart-title" aria-hidden="true">
        {axis.title}
      </div>
    </div>
  );
}

/** A count on an axis: 1,500 as 1.5k, 20,000 as 20k. */
function formatCompact(n: number): string {
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toPrecision(3))}M`;
  if (n >= 1000) return `${Number((n / 1000).toPrecision(3))}k`;
  return String(n);
}
