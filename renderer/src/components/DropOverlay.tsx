import { Icon } from './Icon';

/**
 * Shown over the whole window while files are dragged over it. It lets the drag events through
 * (pointer-events: none) so the window keeps tracking the drag; the drop itself is handled by
 * useImport.
 */
export function DropOverlay({ skipBad }: { skipBad: boolean }) {
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <div className="drop-icon">
          <Icon name="drop" size={30} />
        </div>
        <p className="drop-title">Drop to import</p>
        <p className="drop-text">
          JSON or JSON Lines files (gzipped too) and Supervisely project folders — several at once.
        </p>
        <p className="drop-note">
          {skipBad
            ? 'Bad records are skipped and listed in a report.'
            : 'A bad record stops that import; nothing is changed.'}
        </p>
      </div>
    </div>
  );
}
