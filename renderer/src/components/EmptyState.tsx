import { Icon } from './Icon';
import type { ImportWhat } from './ImportMenu';

type Props = {
  busy: boolean;
  onImport: (what: ImportWhat) => void;
  onDemo: () => void;
  /** Opens the Connect dialog: sync projects from a Supervisely server. */
  onConnect: () => void;
};

/** What an empty cache shows: what Loupe is for, and the ways to fill it. */
export function EmptyState({ busy, onImport, onDemo, onConnect }: Props) {
  return (
    <section className="empty" data-testid="empty-state" aria-labelledby="empty-title">
      <div className="empty-card">
        <div className="empty-icon" aria-hidden="true">
          <Icon name="images" size={28} />
        </div>
        <h2 id="empty-title">No images in the cache yet</h2>
        <p>
          Loupe keeps a local copy of your Supervisely image metadata, so you can search, sort and
          inspect it offline. Import a dump of ImageInfo records or a project folder downloaded
          with the Supervisely SDK, sync projects from a Supervisely server, or load generated
          demo data to look around.
        </p>
        <div className="empty-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => onImport('file')}
            disabled={busy}
            data-testid="empty-import"
          >
            <Icon name="file" size={14} />
            Import file…
          </button>
          <button
            type="button"
            className="button"
            onClick={() => onImport('folder')}
            disabled={busy}
            data-testid="empty-import-folder"
          >
            <Icon name="folder" size={14} />
            Import project folder…
          </button>
          <button
            type="button"
            className="button"
            onClick={onDemo}
            disabled={busy}
            data-testid="load-demo"
          >
            <Icon name="demo" size={14} />
            Load demo data
          </button>
          <button type="button" className="button" onClick={onConnect} disabled={busy} data-testid="empty-connect">
            Connect a server…
          </button>
        </div>
        <p className="empty-hint">
          {busy
            ? 'Working… progress is shown in the status bar below.'
            : 'Files: .json, .jsonl or .ndjson, optionally gzipped (.gz). Folders: meta.json with datasets (img_info/ or ann/ + img/), nested at any depth. Or drop them anywhere on this window.'}
        </p>
      </div>
    </section>
  );
}
