import type { ReactNode } from 'react';
import type { Source } from '../../../shared/records';
import { formatCount } from '../format';
import { Icon } from './Icon';
import { SourceList } from './SourceList';

type Props = {
  sources: Source[];
  total: number | null;
  onRemoveSource: (source: Source) => void;
  /** Filters to a source (`source:`); alt = exclude it. */
  onPickSource?: (source: Source, exclude: boolean) => void;
  activeSources?: ReadonlySet<number>;
  /** Shows every image again (clears the filter), when something is filtered. */
  onAll?: () => void;
  /** A section right after the sources (the Servers section). */
  extra?: ReactNode;
  /** Sections below (saved searches, facets). */
  children?: ReactNode;
};

/** Where the cached images came from, then whatever the page adds below (searches, facets). */
export function Sidebar({ sources, total, onRemoveSource, onPickSource, activeSources, onAll, extra, children }: Props) {
  return (
    <nav className="sidebar" id="sidebar" aria-label="Library" data-testid="sidebar">
      <h2 className="sidebar-heading">Library</h2>
      <ul className="source-list">
        <li className={`source-item is-all${onAll ? '' : ' is-active'}`}>
          <Icon name="images" />
          {onAll ? (
            <button type="button" className="source-label source-pick" onClick={onAll} data-testid="show-all">
              All images
            </button>
          ) : (
            <span className="source-label">All images</span>
          )}
          <span className="source-count">{total === null ? '' : formatCount(total)}</span>
        </li>
      </ul>
      <h2 className="sidebar-heading">Sources</h2>
      <SourceList sources={sources} onRemove={onRemoveSource} onPick={onPickSource} active={activeSources} />
      {extra}
      {children}
    </nav>
  );
}
