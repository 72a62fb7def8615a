import { z } from 'zod';
import {
  DEFAULT_COLUMN_IDS,
  columnIdSchema,
  columnLayoutSchema,
  columnSpec,
  metaSpec,
  type ColumnSpec,
} from '../../shared/view-columns';

/** The table's columns as the user arranged them: order, widths they set, pinned count. */
export type TableLayout = {
  /** Visible columns, left to right; the first `pinned` stay put when the table scrolls sideways. */
  columns: string[];
  /** Widths the user set by dragging or fitting; other columns fit the window. */
  widths: Record<string, number>;
  pinned: number;
};

export const DEFAULT_LAYOUT: TableLayout = { columns: [...DEFAULT_COLUMN_IDS], widths: {}, pinned: 1 };

/** Narrowest a column gets when the window is fitted, and by dragging. */
export const MIN_WIDTH = 48;
export const MAX_WIDTH = 2000;

const storedSchema = z.object({
  columns: z.array(columnIdSchema).min(1).max(200),
  layout: columnLayoutSchema,
});

/** A stored layout (local storage, a saved search) read back; null when it is not one. */
export function parseLayout(value: unknown): TableLayout | null {
  const r = storedSchema.safeParse(value);
  if (!r.success) return null;
  const columns = [...new Set(r.data.columns)];
  return { columns, widths: r.data.layout.widths, pinned: Math.min(r.data.layout.pinned, columns.length) };
}

export function serializeLayout(l: TableLayout): { columns: string[]; layout: { widths: Record<string, number>; pinned: number } } {
  return { columns: l.columns, layout: { widths: l.widths, pinned: l.pinned } };
}

/** The spec of a visible column; a meta column is numeric when the catalogue says so. */
export function specOf(id: string, numericMeta: ReadonlySet<string>): ColumnSpec {
  const s = columnSpec(id);
  if (s?.kind === 'meta') return metaSpec(s.label, numericMeta.has(s.label));
  return s ?? metaSpec(id);
}

/** Shows or hides a column; a shown column goes at the end. The last column cannot be hidden. */
export function toggleColumn(l: TableLayout, id: string): TableLayout {
  const at = l.columns.indexOf(id);
  if (at < 0) return { ...l, columns: [...l.columns, id] };
  if (l.columns.length === 1) return l;
  return { ...l, columns: l.columns.filter((c) => c !== id), pinned: at < l.pinned ? l.pinned - 1 : l.pinned };
}

/**
 * Moves a column to another place. Dropped among the pinned columns it becomes pinned, and
 * dragged out of them it is no longer: the pinned block is always the first `pinned` columns.
 */
export function moveColumn(l: TableLayout, id: string, to: number): TableLayout {
  const from = l.columns.indexOf(id);
  if (from < 0 || from === to) return l;
  const columns = l.columns.filter((c) => c !== id);
  const at = Math.max(0, Math.min(to, columns.length));
  columns.splice(at, 0, id);
  // The block without the moved column; a column moved to the block's right edge stays in it
  // if it came from it.
  const wasPinned = from < l.pinned;
  const block = wasPinned ? l.pinned - 1 : l.pinned;
  const pinned = at < block || (wasPinned && at === block) ? block + 1 : block;
  return { ...l, columns, pinned: Math.max(0, Math.min(pinned, columns.length)) };
}

/** Pins a column (it joins the pinned block at its right end) or unpins it (just after the block). */
export function setPinned(l: TableLayout, id: string, pin: boolean): TableLayout {
  const from = l.columns.indexOf(id);
  if (from < 0 || (from < l.pinned) === pin) return l;
  const columns = l.columns.filter((c) => c !== id);
  const pinned = pin ? l.pinned + 1 : l.pinned - 1;
  columns.splice(pin ? l.pinned : pinned, 0, id);
  return { ...l, columns, pinned };
}

export function setWidth(l: TableLayout, id: string, width: number): TableLayout {
  const w = Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)));
  return { ...l, widths: { ...l.widths, [id]: w } };
}

/**
 * Widths for a pane `available` pixels wide. Columns the user sized keep their width; the
 * others start from their default and are scaled down together (to MIN_WIDTH at least) so the
 * table never gets wider than the pane, or share the spare room when there is some — so a wide
 * window's room goes to the table's text columns, not to an empty strip at the right.
 */
export function fitWidths(specs: readonly ColumnSpec[], widths: Readonly<Record<string, number>>, available: number): number[] {
  const fixed = specs.map((s) => widths[s.id]);
  const fixedSum = fixed.reduce<number>((a, w) => a + (w ?? 0), 0);
  const free = specs.map((s, i) => (fixed[i] === undefined ? s.width : 0));
  const freeSum = free.reduce((a, b) => a + b, 0);
  const room = Math.max(0, Math.floor(available) - fixedSum);
  if (freeSum === 0) return fixed.map((w) => w ?? 0);
  const out = specs.map((s, i) => fixed[i] ?? s.width);
  if (room < freeSum) {
    // Text columns give up room first, down to half their width (they truncate readably);
    // then every flexible column shrinks in proportion, never below MIN_WIDTH.
    const isText = (i: number) => fixed[i] === undefined && specs[i]!.align === 'left';
    const textSum = free.reduce((a, w, i) => a + (isText(i) ? w : 0), 0);
    const cut = Math.min(freeSum - room, textSum / 2);
    specs.forEach((_, i) => {
      if (isText(i)) out[i] = Math.floor(free[i]! - (cut * free[i]!) / textSum);
    });
    const left = out.reduce((a, w, i) => a + (fixed[i] === undefined ? w : 0), 0);
    if (left > room) {
      let scale = room / left;
      for (let pass = 0; pass < 3; pass++) {
        let floored = 0;
        let scalable = 0;
        specs.forEach((_, i) => {
          if (fixed[i] !== undefined) return;
          if (out[i]! * scale < MIN_WIDTH) floored += MIN_WIDTH;
          else scalable += out[i]!;
        });
        scale = scalable > 0 ? Math.max(0, room - floored) / scalable : 0;
      }
      specs.forEach((_, i) => {
        if (fixed[i] === undefined) out[i] = Math.max(MIN_WIDTH, Math.floor(out[i]! * scale));
      });
    }
  } else {
    // Spare room goes to the left-aligned (text) columns in proportion to their width.
    const textIdx = specs.flatMap((s, i) => (fixed[i] === undefined && s.align === 'left' ? [i] : []));
    const targets = textIdx.length ? textIdx : specs.flatMap((_, i) => (fixed[i] === undefined ? [i] : []));
    const base = targets.reduce((a, i) => a + free[i]!, 0);
    let spare = room - freeSum;
    targets.forEach((i, n) => {
      const add = n === targets.length - 1 ? spare : Math.floor(((room - freeSum) * free[i]!) / base);
      out[i] = free[i]! + add;
      spare -= add;
    });
  }
  return out;
}
