import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { appSettingsSchema, DEFAULT_SETTINGS } from '../../../shared/settings';
import { readJsonFile, writeJsonFile } from './json-file';
import { fileArguments } from './open-files';
import { problemReport } from './problem-report';
import {
  displaysKey,
  placeWindow,
  rememberPlacement,
  windowStateSchema,
  type DisplayInfo,
} from './window-state';

const dir = useTempDir();
const laptop: DisplayInfo = {
  id: 1,
  primary: true,
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const monitor: DisplayInfo = {
  id: 2,
  primary: false,
  bounds: { x: 1440, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1440, y: 0, width: 2560, height: 1400 },
};
const defaults = { width: 1280, height: 800 };

describe('window placement', () => {
  it('opens centred on the primary display the first time', () => {
    expect(placeWindow({}, [laptop], defaults)).toEqual({
      x: 80,
      y: 63,
      width: 1280,
      height: 800,
      maximized: false,
    });
  });

  it('comes back where it was, maximised or not, per arrangement of displays', () => {
    let state = rememberPlacement({}, [laptop, monitor], {
      x: 1600,
      y: 100,
      width: 2000,
      height: 1200,
      maximized: true,
    });
    state = rememberPlacement(state, [laptop], {
      x: 10,
      y: 30,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(placeWindow(state, [monitor, laptop], defaults)).toEqual({
      x: 1600,
      y: 100,
      width: 2000,
      height: 1200,
      maximized: true,
    });
    expect(placeWindow(state, [laptop], defaults)).toEqual({
      x: 10,
      y: 30,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(displaysKey([laptop, monitor])).toBe(displaysKey([monitor, laptop]));
  });

  it('comes back on screen when the display it was on is gone or moved', () => {
    // Saved on the monitor; the same key, but the monitor now sits somewhere else.
    const state = {
      [displaysKey([laptop, monitor])]: {
        x: 5000,
        y: 3000,
        width: 900,
        height: 600,
        maximized: false,
      },
    };
    const placed = placeWindow(state, [laptop, monitor], defaults);
    expect(placed).toEqual({ x: 80, y: 63, width: 1280, height: 800, maximized: false });
    // A window wider than its display is shrunk to fit it.
    const big = rememberPlacement({}, [laptop], {
      x: 0,
      y: 25,
      width: 3000,
      height: 2000,
      maximized: false,
    });
    expect(placeWindow(big, [laptop], defaults)).toMatchObject({ width: 1440, height: 875 });
  });

  it('ignores a damaged or hand-edited state file instead of failing to start', () => {
    const path = join(dir(), 'window-state.json');
    writeFileSync(path, '{"x": "left"');
    expect(readJsonFile(path, windowStateSchema, {})).toEqual({});
    writeFileSync(
      path,
      JSON.stringify({ k: { x: 1, y: 2, width: -5, height: 3, maximized: false } }),
    );
    expect(readJsonFile(path, windowStateSchema, {})).toEqual({});
    const good = rememberPlacement({}, [laptop], {
      x: 1.4,
      y: 30,
      width: 900,
      height: 600,
      maximized: false,
    });
    writeJsonFile(path, good);
    expect(readJsonFile(path, windowStateSchema, {})).toEqual(good);
  });
});

describe('settings', () => {
  it('defaults to the system theme and keeps a valid choice, falling back on a wrong one', () => {
    const csv = { bom: false, raw: false, meta: 'json' };
    const thumbnails = { max_bytes: 1024 ** 3 };
    expect(DEFAULT_SETTINGS).toEqual({ theme: 'system', csv, thumbnails });
    expect(appSettingsSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark', csv, thumbnails });
    const wrong = { theme: 'purple', csv: { bom: 'yes' }, thumbnails: { max_bytes: -1 } };
    expect(appSettingsSchema.parse(wrong)).toEqual({ theme: 'system', csv, thumbnails });
    expect(appSettingsSchema.parse({ thumbnails: { max_bytes: 2 * 1024 ** 3 } }).thumbnails).toEqual({ max_bytes: 2 * 1024 ** 3 });
    expect(appSettingsSchema.parse({ csv: { bom: true, meta: 'columns' } }).csv).toEqual({
      bom: true,
      raw: false,
      meta: 'columns',
    });
  });
});

describe('files a launch opens', () => {
  it('takes dumps and folders, and skips options, option values and other files', () => {
    const folder = join(dir(), 'project');
    mkdirSync(folder);
    const isDir = (p: string) => p === folder;
    expect(
      fileArguments(
        [
          '--cache',
          'x.jsonl',
          '--self-test',
          'a.jsonl',
          'b.JSONL.gz',
          'notes.txt',
          folder,
          '--inspect=9229',
          'c.ndjson',
        ],
        isDir,
      ),
    ).toEqual(['a.jsonl', 'b.JSONL.gz', folder, 'c.ndjson']);
  });
});

describe('problem report', () => {
  it('says what ran where, leaves room for the story and carries the log tail without tokens', () => {
    const text = problemReport(
      {
        version: '1.4.0',
        os: 'linux',
        osRelease: '6.1',
        arch: 'x64',
        versions: { electron: '45.4.1', chrome: '140', node: '22.20.0', v8: undefined },
        logTail: ['imported 10 records', `x-api-key: ${'f'.repeat(40)}1`],
      },
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(text).toContain('Loupe 1.4.0 problem report, 2026-12-02T10:00:00.000Z');
    expect(text).toContain('System: linux 6.1 (x64); electron 45.4.1, chrome 140, node 22.20.0');
    expect(text).toContain('imported 10 records');
    expect(text).not.toMatch(/f{40}/);
  });
});
