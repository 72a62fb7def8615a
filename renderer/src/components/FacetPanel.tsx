import type { MouseEvent } from 'react';
import type { Filter } from '../../../shared/query';
import type { Facet, FacetValue } from '../../../shared/search';
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

/** Histograms with more buckets than this draw as small vertical bars (dates); fewer as rows. */
const BAR_CHART_MIN = 9;

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
  const bars = facet.kind === 'histogram' && facet.values.length >= BAR_CHART_MIN;
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
      ) : bars ? (
        <Histogram facet={facet} filter={filter} max={max} pick={pick} />
      ) : (
        <ul className="facet-values">
          {facet.values.map((v) => {
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
                  <span className="facet-bar" style={{ ['--ratio' as string]: v.count / max }} aria-hidden="true" />
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
      {(facet.truncated || expanded) && !counting && (
        <div className="facet-footer">
          <button
            type="button"
            className="link-button facet-more"
            onClick={() => onExpand(facet.id, !expanded)}
            data-testid="facet-more"
          >
            {expanded ? 'Show fewer' : facet.more ? `+ ${formatCount(facet.more)} more` : 'Show more…'}
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

function Histogram({
  facet,
  filter,
  max,
  pick,
}: {
  facet: Facet;
  filter: Filter;
  max: number;
  pick: (v: FacetValue) => (e: MouseEvent) => void;
}) {
  const first = facet.values[0];
  const last = facet.values.at(-1);
  return (
    <div className="histogram">
      <div className="histogram-bars">
        {facet.values.map((v) => {
          const st = valueState(filter, v.clause);
          return (
            <button
              key={v.label}
              type="button"
              className={`histogram-bar${st ? ` is-${st}` : ''}`}
              onClick={pick(v)}
              title={`${v.label}: ${formatCount(v.count)} — click to include, Alt-click to exclude`}
              aria-label={`${v.label}: ${formatCount(v.count)}`}
              aria-pressed={st === 'include'}
              data-testid="facet-value"
              data-state={st ?? 'none'}
            >
              <span style={{ height: `${Math.max(4, (v.count / max) * 100)}%` }} />
            </button>
          );
        })}
      </div>
      <div className="histogram-axis" aria-hidden="true">
        <span>{first?.label}</span>
        <span>{last?.label}</span>
      </div>
    </div>
  );
}
