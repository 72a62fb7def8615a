import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_CHANNEL } from '../../shared/channels';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
const listeners: ((e: unknown, name: string, payload: unknown) => void)[] = [];

// Electron is outside our program: a stand-in for the two objects the preload touches.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
  ipcRenderer: {
    invoke,
    on: (_c: string, l: (typeof listeners)[number]) => listeners.push(l),
    removeListener: (_c: string, l: (typeof listeners)[number]) => listeners.splice(listeners.indexOf(l), 1),
  },
}));

describe('preload', () => {
  it('exposes one function per channel, an event subscription and the thumbnail base, nothing else', async () => {
    await import('./index');
    const api = exposed.loupe as Record<string, (x: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on', 'pathsOf', 'thumbBase'].sort());
    expect((exposed.loupe as { thumbBase: unknown }).thumbBase).toMatch(/^loupe-thumb:/);
    await api['images:get']?.({ row_id: 1 });
    expect(invoke).toHaveBeenCalledWith('images:get', { row_id: 1 });
  });

  it('turns dropped files into paths, leaving out those without one', async () => {
    await import('./index');
    const api = exposed.loupe as { pathsOf: (f: unknown[]) => string[] };
    expect(api.pathsOf([{ path: '/data/a.jsonl' }, {}, { path: '/data/project' }])).toEqual([
      '/data/a.jsonl',
      '/data/project',
    ]);
  });

  it('delivers only the subscribed event and unsubscribes', async () => {
    await import('./index');
    const api = exposed.loupe as { on: (e: string, cb: (p: unknown) => void) => () => void };
    const got: unknown[] = [];
    const off = api.on('cache:changed', (p) => got.push(p));
    listeners.forEach((l) => l({}, 'jobs:progress', 1));
    listeners.forEach((l) => l({}, 'cache:changed', 2));
    off();
    listeners.forEach((l) => l({}, 'cache:changed', 3));
    expect(got).toEqual([2]);
    expect(() => api.on('fs:read', () => {})).toThrow(/Unknown event/);
    expect(EVENT_CHANNEL).toBe('loupe:event');
  });
});
