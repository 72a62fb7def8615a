import { useState } from 'react';
import type { RemoteDataset, RemoteProject, RemoteTree as Tree } from '../../../shared/sync';
import { formatCount, formatDate } from '../format';
import { Icon } from './Icon';

type Props = {
  tree: Tree;
  onToggle: (projectId: number, selected: boolean) => void;
  disabled: boolean;
};

const STATE_LABEL: Record<RemoteProject['state'], string> = {
  never: '',
  running: 'syncing',
  interrupted: 'interrupted',
  failed: 'stopped',
  synced: 'synced',
};

/** Teams → workspaces → image projects (ticked to sync) → nested datasets, from the cache. */
export function RemoteTree({ tree, onToggle, disabled }: Props) {
  if (tree.teams.length === 0) {
    return <p className="muted tree-empty">This account sees no teams.</p>;
  }
  return (
    <div className="remote-tree" aria-label="Teams, workspaces and projects" data-testid="remote-tree">
      {tree.teams.map((t) => (
        <div key={t.id} className="tree-team">
          <div className="tree-row tree-group">{t.name}</div>
          {t.workspaces.map((w) => (
            <div key={w.id} className="tree-workspace">
              <div className="tree-row tree-subgroup">{w.name}</div>
              {w.projects.length === 0 ? (
                <div className="tree-row muted tree-indent">No image projects</div>
              ) : (
                w.projects.map((p) => <ProjectRow key={p.id} p={p} onToggle={onToggle} disabled={disabled} />)
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function ProjectRow({ p, onToggle, disabled }: { p: RemoteProject; onToggle: Props['onToggle']; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="remote-project" data-project-id={p.id}>
      <div className="tree-row tree-project">
        <button
          type="button"
          className={`tree-chevron${open ? ' is-open' : ''}`}
          aria-label={open ? `Hide datasets of ${p.name}` : `Show datasets of ${p.name}`}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          disabled={p.datasets.length === 0}
        >
          <Icon name="chevron" size={12} />
        </button>
        <label className="tree-check">
          <input type="checkbox" checked={p.selected} disabled={disabled} onChange={(e) => onToggle(p.id, e.target.checked)} data-testid="project-check" />
          <span className="tree-name">{p.name}</span>
        </label>
        <span className="tree-count">{p.images_count === null ? '' : `${formatCount(p.images_count)} images`}</span>
        <span className={`tree-state is-${p.state}`}>{STATE_LABEL[p.state]}</span>
        <span className="tree-when" data-testid="project-last-synced">
          {p.last_synced_at ? `${formatCount(p.cached_count)} cached · ${formatDate(p.last_synced_at)}` : ''}
        </span>
      </div>
      {open && p.datasets.map((d) => <DatasetRow key={d.id} d={d} depth={1} />)}
    </div>
  );
}

function DatasetRow({ d, depth }: { d: RemoteDataset; depth: number }) {
  return (
    <>
      <div className="tree-row tree-dataset" style={{ paddingLeft: 28 + depth * 16 }} data-testid="remote-dataset">
        <Icon name="folder" size={14} />
        <span className="tree-name">{d.name}</span>
        <span className="tree-count" title={d.children.length ? 'Images here and in the datasets inside' : undefined}>
          {formatCount(subtreeCount(d))}
        </span>
        <span className="tree-state" />
        <span className="tree-when">{d.last_synced_at ? `synced ${formatDate(d.last_synced_at)}` : 'not synced'}</span>
      </div>
      {d.children.map((c) => (
        <DatasetRow key={c.id} d={c} depth={depth + 1} />
      ))}
    </>
  );
}

/** A dataset's images with its nested datasets' (the SDK counts each dataset's own images). */
function subtreeCount(d: RemoteDataset): number {
  return (d.images_count ?? 0) + d.children.reduce((n, c) => n + subtreeCount(c), 0);
}
