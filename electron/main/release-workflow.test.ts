import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useTempDir } from '../../test-support/temp-dir';
import { findPackagedApp } from '../../scripts/smoke-test.mjs';

const root = join(__dirname, '..', '..');
type Step = {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
};
type Job = {
  'runs-on': string;
  needs?: string;
  if?: string;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
};
const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as {
  on: { push: { tags: string[] } };
  jobs: Record<string, Job>;
};
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
const dir = useTempDir();

describe('release workflow', () => {
  it('runs on version tags, on each desktop OS', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.jobs.package?.strategy?.matrix.os.map((os) => os.split('-')[0]).sort()).toEqual(
      ['macos', 'ubuntu', 'windows'],
    );
  });

  it('names only scripts and files that exist', () => {
    const named = runs.flatMap((r) =>
      [...r.matchAll(/npm (?:run )?([\w:-]+)/g)].map((m) => m[1] as string),
    );
    expect(named).toEqual(expect.arrayContaining(['test', 'dist', 'test:unit', 'typecheck']));
    for (const s of named.filter((n) => n !== 'ci')) expect(Object.keys(scripts), s).toContain(s);
    const files = runs.flatMap((r) =>
      [...r.matchAll(/node (\S+\.m?js)/g)].map((m) => m[1] as string),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(root, f)), f).toBe(true);
  });

  it('tests, packages, smoke-tests the packaged app, then drafts a release only for a tag', () => {
    const steps = workflow.jobs.package!.steps.map((s) => s.run ?? s.uses ?? '');
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s));
    expect(at(/npm test/)).toBeGreaterThan(-1);
    expect(at(/npm run dist/)).toBeGreaterThan(at(/npm test/));
    expect(at(/smoke-test/)).toBeGreaterThan(at(/npm run dist/));
    const release = workflow.jobs.release!;
    expect(release.needs).toBe('package');
    expect(release.if).toMatch(/refs\/tags\//);
    expect(
      release.steps.find((s) => s.uses?.startsWith('softprops/action-gh-release'))?.with,
    ).toMatchObject({ draft: true });
  });
});

describe('smoke test finds the packaged app', () => {
  it('picks the build for this OS and processor, never another arch’s', () => {
    const dist = dir();
    const make = (p: string) => {
      mkdirSync(join(dist, p, '..'), { recursive: true });
      writeFileSync(join(dist, p), '');
    };
    make('win-arm64-unpacked/Loupe.exe');
    expect(findPackagedApp(dist, 'win32', 'x64')).toBeNull();
    make('win-unpacked/Loupe.exe');
    expect(findPackagedApp(dist, 'win32', 'x64')).toBe(join(dist, 'win-unpacked/Loupe.exe'));
    expect(findPackagedApp(dist, 'win32', 'arm64')).toBe(
      join(dist, 'win-arm64-unpacked/Loupe.exe'),
    );
    make('mac-arm64/Loupe.app/Contents/MacOS/Loupe');
    expect(findPackagedApp(dist, 'darwin', 'arm64')).toBe(
      join(dist, 'mac-arm64/Loupe.app/Contents/MacOS/Loupe'),
    );
    expect(findPackagedApp(dist, 'darwin', 'x64')).toBeNull();
    make('linux-unpacked/loupe');
    expect(findPackagedApp(dist, 'linux', 'x64')).toBe(join(dist, 'linux-unpacked/loupe'));
  });
});
