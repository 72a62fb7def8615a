import type { KeyboardEvent, MouseEvent } from 'react';
import type { Filter, FilterNode } from '../../../shared/query';
import { formatClause, formatFilter } from '../../../shared/query-language';
import { Icon } from './Icon';

type Props = {
  filter: Filter;
  onToggle: (index: number) => void;
  onNegate: (index: number) => void;
  onRemove: (index: number) => void;
  onClear: () => void;
  onSave: () => void;
  /** Free-text terms under 3 characters, searched as name prefixes (the engine's hint). */
  prefixTerms: readonly string[];
};

/** A chip's text without its NOT/off marks (those are shown by style). */
function chipText(n: FilterNode): string {
  return n.type === 'clause' ? formatClause(n) : `(${formatFilter(n)})`;
}

/**
 * The filter as chips, the same value the search box holds as text: click switches a
 * chip off and on, Alt-click negates it, × removes it. Also the short-text hint and Save search….
 */
export function ChipBar({ filter, onToggle, onNegate, onRemove, onClear, onSave, prefixTerms }: Props) {
  if (filter.children.length === 0 && prefixTerms.length === 0) return null;
  const click = (i: number) => (e: MouseEvent) => (e.altKey ? onNegate(i) : onToggle(i));
  const key = (i: number) => (e: KeyboardEvent) => {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onRemove(i);
    } else if (e.key === 'Enter' && e.altKey) {
      e.preventDefault();
      onNegate(i);
    }
  };
  return (
    <div className="chip-bar" data-testid="chip-bar">
      <ul className="chips" aria-label="Filters">
        {filter.children.map((n, i) => {
          const text = chipText(n);
          const state = `${n.negated ? 'NOT ' : ''}${text}${n.enabled ? '' : ' (off)'}`;
          return (
            <li key={`${i}-${text}`} className="chip-item">
              {i > 0 && filter.op === 'or' && <span className="chip-or">or</span>}
              <span
                className={`filter-chip${n.negated ? ' is-negated' : ''}${n.enabled ? '' : ' is-off'}`}
                data-testid="filter-chip"
                data-state={n.enabled ? (n.negated ? 'negated' : 'on') : 'off'}
              >
                <button
                  type="button"
                  className="filter-chip-body"
                  onClick={click(i)}
                  onKeyDown={key(i)}
                  aria-pressed={n.enabled}
                  aria-label={state}
                  title={`${state}\nClick: switch ${n.enabled ? 'off' : 'on'} · Alt-click: ${n.negated ? 'include' : 'exclude'} · Delete: remove`}
                  data-testid="filter-chip-toggle"
                >
                  {n.negated && <span className="chip-not">NOT</span>}
                  <span className="chip-text">{text}</span>
                </button>
                <button
                  type="button"
                  className="filter-chip-remove"
                  onClick={() => onRemove(i)}
                  aria-label={`Remove ${state}`}
                  title="Remove"
                  data-testid="filter-chip-remove"
                >
                  <Icon name="close" size={12} />
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {prefixTerms.length > 0 && (
        <p className="chip-hint" data-testid="prefix-hint">
          {prefixTerms.map((t) => `“${t}”`).join(', ')} {prefixTerms.length === 1 ? 'is' : 'are'} matched
          as the start of names — type 3 or more characters to search inside names.
        </p>
      )}
      {filter.children.length > 0 && (
        <div className="chip-actions">
          <button type="button" className="button button-small" onClick={onSave} data-testid="save-search">
            <Icon name="bookmark" size={12} />
            Save search…
          </button>
          <button type="button" className="button button-small" onClick={onClear} data-testid="clear-filters">
            Clear
          </button>
        </div>
      )}
    </div>
  );
}
