import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractAll, listPackage } from '@electron/asar';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'loupe-package-'));
const appDir = join(work, 'dist', 'linux-unpacked', 'resources');
let files: string[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'main', 'index.js')))
    throw new Error('Run `npm run build` first (npm run test:package does).');
  // A stand-in for Electron's executable: electron-builder copies and renames it, nothing runs it.
  const fakeElectron = join(work, 'electron-dist');
  mkdirSync(fakeElectron);
  writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  execFileSync(
    join(root, 'node_modules', '.bin', 'electron-builder'),
    [
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${fakeElectron}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, ELECTRON_BUILDER_CACHE: join(work, 'cache') },
    },
  );
  files = listPackage(join(appDir, 'app.asar'), { isPack: false }).map((f) =>
    f.replaceAll('\\', '/'),
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packaged app', () => {
  it('carries the built main, preload, workers and renderer, and the entry package.json names', () => {
    for (const f of [
      'out/main/index.js',
      'out/main/job-worker.js',
      'out/main/read-worker.js',
      'out/preload/index.js',
      'out/renderer/index.html',
    ]) {
      expect(files).toContain(`/${f}`);
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(files).toContain(`/${pkg.main.replace(/^\.\//, '')}`);
  });

  it('carries the runtime dependencies and none of the sources, tests or dev tools', () => {
    for (const dep of ['better-sqlite3', 'zod', 'hyparquet-writer'])
      expect(files).toContain(`/node_modules/${dep}/package.json`);
    const unwanted = files.filter((f) =>
      /^\/(electron|renderer|shared|test-support|e2e|bench)\/|^\/node_modules\/(vitest|electron|electron-builder|typescript|react)\//.test(
        f,
      ),
    );
    expect(unwanted).toEqual([]);
  });

  it('keeps better-sqlite3’s native module unpacked, where it loads and opens a database', () => {
    // better-sqlite3 13 ships a prebuilt Node-API binary per platform; all must sit outside.
    const natives = files.filter((f) => f.endsWith('.node'));
    expect(natives).toContain('/node_modules/better-sqlite3/prebuilds/linux-x64.node');
    for (const f of natives) expect(existsSync(join(appDir, 'app.asar.unpacked', f)), f).toBe(true);
    // What Electron sees at run time: the archive's files with the unpacked ones beside them.
    const extracted = join(work, 'extracted');
    extractAll(join(appDir, 'app.asar'), extracted);
    cpSync(join(appDir, 'app.asar.unpacked'), extracted, { recursive: true });
    const Database = createRequire(join(extracted, 'package.json'))(
      'better-sqlite3',
    ) as typeof BetterSqlite3;
    const db = new Database(':memory:');
    expect(db.prepare('select sqlite_version() as v').get()).toMatchObject({
      v: expect.stringMatching(/^3\./),
    });
    db.close();
  });
});
