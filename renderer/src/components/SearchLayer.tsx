import { useCallback } from 'react';
import type { Command } from '../commands';
import type { Workbench } from '../use-workbench';
import { CommandPalette } from './CommandPalette';
import { FacetPanel } from './FacetPanel';
import { SavedSearchList } from './SavedSearchList';
import { SaveSearchDialog } from './SaveSearchDialog';
import { ShortcutsHelp } from './ShortcutsHelp';
import { formatFilter } from '../../../shared/query-language';

/** The sidebar's Filters: the facets under the current search. */
export function SearchFilters({ ws }: { ws: Workbench }) {
  return <FacetPanel state={ws.facets} filter={ws.search.filter} onPick={ws.pickFacet} expanded={ws.expanded} onExpand={ws.expand} />;
}

/** The sidebar's saved searches: open, copy, delete. */
export function SavedSearches({ ws, onError }: { ws: Workbench; onError: (title: string, err: unknown) => void }) {
  return (
    <SavedSearchList
      list={ws.saved.list}
      activeId={ws.activeSaved}
      onOpen={ws.openSaved}
      onDelete={(s) => ws.saved.remove(s.id).catch((err: unknown) => onError(`“${s.name}” could not be deleted`, err))}
    />
  );
}

/** The search overlays: Save search…, the command palette, the list of keys. */
export function SearchOverlays({
  ws,
  commands,
  groups,
  fromText,
  total,
}: {
  ws: Workbench;
  commands: readonly Command[];
  groups: readonly string[];
  fromText: (text: string) => Command[];
  total: number | null;
}) {
  const { setOverlay } = ws;
  const close = useCallback(() => setOverlay(null), [setOverlay]);
  switch (ws.overlay) {
    case 'save':
      return (
        <SaveSearchDialog
          text={formatFilter(ws.search.filter)}
          total={total}
          onSave={async (name, kind, overwrite) => {
            await ws.saved.save(name, kind, ws.search.savable, overwrite);
          }}
          onClose={close}
        />
      );
    case 'palette':
      return <CommandPalette commands={commands} groups={groups} fromText={fromText} onClose={close} />;
    case 'help':
      return <ShortcutsHelp onClose={close} />;
    default:
      return null;
  }
}
