import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Catalogue } from '../../../shared/search';
import { applySuggestion, type QueryTextError } from '../query-text';
import { applyCompletion, complete, type Completion } from '../typeahead';
import { Icon } from './Icon';

type Props = {
  text: string;
  onText: (text: string) => void;
  /** Enter: apply the text now. */
  onCommit: () => void;
  error: QueryTextError | null;
  catalogue: Catalogue | null;
  disabled: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Arrow down with nothing to pick: the table takes the keyboard. */
  onLeave: () => void;
  /** The box took focus (the catalogue may be worth asking for again). */
  onFocus?: () => void;
};

/**
 * The search box: takes the query language, highlights the token a parse error points
 * at (a mirror of the text behind the transparent input), offers "did you mean", and completes
 * fields, meta keys, tags, datasets and sources from the catalogue.
 */
export function SearchBar({ text, onText, onCommit, error, catalogue, disabled, inputRef, onLeave, onFocus }: Props) {
  const mirror = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);

  const completion: Completion | null =
    focused && caret !== null && dismissed !== text ? complete(text, caret, catalogue) : null;
  const shownActive = completion ? Math.min(active, completion.items.length - 1) : 0;

  // A picked completion puts the caret after the inserted text, once React has set the value.
  const pendingCaret = useRef<number | null>(null);
  // Keep the mirror scrolled with the input, so the highlight sits under its token.
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    const at = pendingCaret.current;
    if (at !== null && el.value === text) {
      pendingCaret.current = null;
      el.setSelectionRange(at, at);
    }
    if (mirror.current) mirror.current.scrollLeft = el.scrollLeft;
  });

  const sync = () => {
    const el = inputRef.current;
    if (!el) return;
    setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
    if (mirror.current) mirror.current.scrollLeft = el.scrollLeft;
  };

  const pick = (index: number) => {
    if (!completion) return;
    const item = completion.items[index];
    if (!item) return;
    const next = applyCompletion(text, completion, item);
    pendingCaret.current = next.caret;
    onText(next.text);
    setCaret(next.caret);
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (completion) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = completion.items.length;
        setActive((shownActive + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey)) {
        e.preventDefault();
        pick(shownActive);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(text);
        return;
      }
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      onCommit();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      onLeave();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (text) onText('');
      else onLeave();
    }
  };

  const fix = error ? applySuggestion(text, error) : null;
  const at = error ? Math.min(error.position, text.length) : 0;
  const tokenEnd = error ? at + error.token.length : 0;
  return (
    <div className={`search${error ? ' has-error' : ''}`}>
      <Icon name="search" />
      <div className="search-mirror" ref={mirror} aria-hidden="true">
        {error ? (
          <>
            {text.slice(0, at)}
            <mark className="search-mark" data-testid="search-error-token">
              {error.token === '' ? '\u00a0' : text.slice(at, tokenEnd)}
            </mark>
            {text.slice(tokenEnd)}
          </>
        ) : (
          text
        )}
      </div>
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        placeholder="Search: words, tag:review width:>1000 meta.camera:… — press / "
        aria-label="Search images (query language)"
        aria-expanded={completion !== null}
        aria-controls="search-suggestions"
        aria-autocomplete="list"
        aria-activedescendant={completion ? `suggestion-${shownActive}` : undefined}
        aria-invalid={error !== null}
        aria-describedby={error ? 'search-error' : undefined}
        value={text}
        onChange={(e) => {
          onText(e.target.value);
          setActive(0);
          setDismissed(null);
          setCaret(e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={sync}
        onSelect={sync}
        onScroll={sync}
        onFocus={() => {
          setFocused(true);
          sync();
          onFocus?.();
        }}
        onBlur={() => setFocused(false)}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        data-testid="search"
      />
      {(completion || error) && (
        <div className="search-popover">
          {error && !completion && (
            <div className="search-error" id="search-error" role="alert" data-testid="search-error">
              <Icon name="alert" size={14} />
              <span>
                {error.reason}
                {error.token !== '' && (
                  <>
                    : <code>{error.token}</code>
                  </>
                )}{' '}
                <span className="muted">at {error.position + 1}</span>
                {error.suggestion && (
                  <>
                    {' — did you mean '}
                    {fix !== null ? (
                      <button
                        type="button"
                        className="link-button"
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => {
                          onText(fix);
                          inputRef.current?.focus();
                        }}
                        data-testid="search-suggestion"
                      >
                        {error.suggestion}
                      </button>
                    ) : (
                      <code>{error.suggestion}</code>
                    )}
                    ?
                  </>
                )}
              </span>
            </div>
          )}
          {completion && (
            <ul className="suggestions" id="search-suggestions" role="listbox" data-testid="suggestions">
              {completion.items.map((s, i) => (
                <li
                  key={s.label}
                  id={`suggestion-${i}`}
                  role="option"
                  aria-selected={i === shownActive}
                  className={`suggestion${i === shownActive ? ' is-active' : ''}`}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(i);
                  }}
                  onMouseEnter={() => setActive(i)}
                  data-testid="suggestion"
                >
                  <span className="suggestion-label">{s.label}</span>
                  <span className="suggestion-detail">{s.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
