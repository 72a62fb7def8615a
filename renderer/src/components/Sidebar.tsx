import type { ReactNode } from 'react';
import type { Source } from '../../../shared/records';
import { formatCount } from '../format';
import { Icon } from './Icon';
import { SidebarSection } from './SidebarSection';
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
  /** The facets: first, right under the search, since they are what the sidebar is used for. */
  filters?: ReactNode;
  /** Folding sections after the sources (saved searches, servers). */
  children?: ReactNode;
};

/** The filters first, then where the images came from and the other folding sections. */
export function Sidebar({ sources, total, onRemoveSource, onPickSource, activeSources, onAll, filters, children }: Props) {
  return (
    <nav className="sidebar" id="sidebar" aria-label="Filters and library" data-testid="sidebar">
      {filters}
      <SidebarSection id="library" title="Library" count={total === null ? undefined : formatCount(total)}>
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
        <h3 className="sidebar-subheading">Sources</h3>
        <SourceList sources={sources} onRemove={onRemoveSource} onPick={onPickSource} active={activeSources} />
      </SidebarSection>
      {children}
    </nav>
  );
}
