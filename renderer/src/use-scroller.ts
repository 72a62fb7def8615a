import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** The element's client size, kept current as it resizes (the virtual lists lay out from it). */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * A click on an item of a virtual list: focus it, open it in the detail panel, and keep the
 * keyboard on the list (items themselves are not tab stops).
 */
export function usePick(
  ref: RefObject<HTMLElement | null>,
  onFocusRow: (index: number) => void,
  onOpen: (index: number) => void,
): (index: number) => void {
  return useCallback(
    (index: number) => {
      onFocusRow(index);
      onOpen(index);
      ref.current?.focus({ preventScroll: true });
    },
    [ref, onFocusRow, onOpen],
  );
}
