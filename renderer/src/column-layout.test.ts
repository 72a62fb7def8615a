import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, fitWidths, moveColumn, parseLayout, serializeLayout, setPinned, setWidth, specOf, toggleColumn } from './column-layout';

const specs = DEFAULT_LAYOUT.columns.map((id) => specOf(id, new Set()));

describe('column layout', () => {
  it('fits the default columns into the pane, never wider, down to a minimum width', () => {
    for (const pane of [1024 - 240, 1196, 1600]) {
      const w = fitWidths(specs, {}, pane);
      expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(pane);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(48);
    }
    // Room to spare goes to the text columns and fills the pane exactly.
    const wide = fitWidths(specs, {}, 2300);
    expect(wide.reduce((a, b) => a + b, 0)).toBe(2300);
    expect(wide[specs.findIndex((s) => s.id === 'id')]).toBe(specs.find((s) => s.id === 'id')!.width);
  });

  it('keeps the widths the user set and fits the others around them', () => {
    const w = fitWidths(specs, { name: 500 }, 1200);
    expect(w[0]).toBe(500);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1200);
    expect(setWidth(DEFAULT_LAYOUT, 'name', 5).widths.name).toBe(48);
  });

  it('moves columns in and out of the pinned block, and pins and unpins', () => {
    const l = { ...DEFAULT_LAYOUT, columns: ['name', 'dataset', 'size', 'id'], pinned: 1 };
    expect(moveColumn(l, 'id', 0)).toMatchObject({ columns: ['id', 'name', 'dataset', 'size'], pinned: 2 });
    expect(moveColumn(l, 'name', 2)).toMatchObject({ columns: ['dataset', 'size', 'name', 'id'], pinned: 0 });
    expect(moveColumn(l, 'size', 1)).toMatchObject({ columns: ['name', 'size', 'dataset', 'id'], pinned: 1 });
    expect(setPinned(l, 'size', true)).toMatchObject({ columns: ['name', 'size', 'dataset', 'id'], pinned: 2 });
    expect(setPinned(l, 'name', false)).toMatchObject({ columns: ['name', 'dataset', 'size', 'id'], pinned: 0 });
  });

  it('shows and hides columns, never the last one, and round-trips through storage', () => {
    const l = toggleColumn(toggleColumn(DEFAULT_LAYOUT, 'meta.camera'), 'name');
    expect(l.columns).toContain('meta.camera');
    expect(l.columns).not.toContain('name');
    expect(l.pinned).toBe(0);
    expect(toggleColumn({ ...l, columns: ['id'] }, 'id').columns).toEqual(['id']);
    expect(parseLayout(JSON.parse(JSON.stringify(serializeLayout(l))))).toEqual(l);
    expect(parseLayout({ columns: ['bogus'], layout: {} })).toBeNull();
  });
});

describe('cells', () => {
  it('cuts a path in the middle, keeping the part that tells paths apart', async () => {
    const { middleEllipsis } = await import('./table-columns');
    expect(middleEllipsis('unlabeled/drone-2024-07', 400)).toBe('unlabeled/drone-2024-07');
    expect(middleEllipsis('unlabeled/batch-17/drone-2024-07', 220)).toBe('unlabeled/…/drone-2024-07');
    expect(middleEllipsis('unlabeled/batch-17/drone-2024-07', 140)).toBe('…/drone-2024-07');
    expect(middleEllipsis('unlabeled/batch-17/drone-2024-07', 60)).toMatch(/^….*07$/);
  });
});

describe('fitting a narrow pane', () => {
  it('takes room from the text columns before the numbers', () => {
    const w = fitWidths(specs, {}, 1024);
    const at = (id: string) => w[specs.findIndex((s) => s.id === id)]!;
    expect(at('size')).toBe(specs.find((s) => s.id === 'size')!.width);
    expect(at('name')).toBeLessThan(specs.find((s) => s.id === 'name')!.width);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1024);
  });
});
