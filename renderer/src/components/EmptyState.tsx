import { Icon } from './Icon';

type Props = {
  busy: boolean;
  onImport: () => void;
  onDemo: () => void;
};

/** What an empty cache shows: what Loupe is for, and the two ways to fill it. */
export function EmptyState({ busy, onImport, onDemo }: Props) {
  return (
    <section className="empty" data-testid="empty-state" aria-labelledby="empty-title">
      <div className="empty-card">
        <div className="empty-icon" aria-hidden="true">
          <Icon name="images" size={28} />
        </div>
        <h1 id="empty-title">No images in the cache yet</h1>
        <p>
          Loupe keeps a local copy of your Supervisely image metadata, so you can search, sort and
          inspect it offline. Import an export of ImageInfo records, or load generated demo data to
          look around.
        </p>
        <div className="empty-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={onImport}
            disabled={busy}
            data-testid="empty-import"
          >
            <Icon name="import" size={14} />
            Import file…
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
        </div>
        <p className="empty-hint">
          {busy
            ? 'Working… progress is shown in the status bar below.'
            : 'Accepted: .json, .jsonl and .ndjson files, optionally gzipped (.gz).'}
        </p>
      </div>
    </section>
  );
}
