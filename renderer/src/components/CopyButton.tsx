import { useEffect, useState } from 'react';
import { Icon } from './Icon';

/** Copies `text`; falls back to selecting the target element when the clipboard is refused. */
export function CopyButton({
  text,
  target,
  label,
  testId = 'copy-raw',
}: {
  text: string;
  target?: () => HTMLElement | null;
  label: string;
  testId?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1800);
    return () => clearTimeout(t);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const el = target?.();
      if (!el) return;
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      setState('selected');
    }
  };

  return (
    <button type="button" className="button button-small" onClick={copy} data-testid={testId}>
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'selected' ? 'Selected — press Ctrl+C' : label}
      </span>
    </button>
  );
}
