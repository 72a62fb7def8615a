import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeDemoFile } from '../../electron/core/demo/write-demo';
import type { Logger } from './types';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** Generated inputs survive between runs here (generating 1M records takes a while). */
export const DATA_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'loupe-bench');

const GENERATOR_FILES = ['generate-demo.ts', 'demo-project.ts', 'random.ts', 'write-demo.ts'];

/** A cached file is stale when the generator changed, so its source is part of the key. */
function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of GENERATOR_FILES) {
    h.update(readFileSync(join(REPO_ROOT, 'electron', 'core', 'demo', f)));
  }
  return h.digest('hex').slice(0, 10);
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileSync(from, to);
    rmSync(from);
  }
}

/**
 * Returns a demo JSONL file of `count` records (with its `.meta.json` sidecar beside it),
 * generating it in a temporary folder and moving it into the cache the first time. Older
 * versions of the same scale and seed are removed.
 */
export async function demoFile(count: number, seed: number, log: Logger): Promise<string> {
  const prefix = `demo-${count}-s${seed}-`;
  const stem = `${prefix}${generatorHash()}`;
  const file = join(DATA_CACHE, `${stem}.jsonl`);
  const sidecar = join(DATA_CACHE, `${stem}.meta.json`);
  if (existsSync(file) && existsSync(sidecar)) {
    log(`data: ${file} (cached, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
    return file;
  }
  mkdirSync(DATA_CACHE, { recursive: true });
  for (const f of readdirSync(DATA_CACHE)) {
    if (f.startsWith(prefix)) rmSync(join(DATA_CACHE, f));
  }
  const tmp = mkdtempSync(join(tmpdir(), 'loupe-bench-gen-'));
  try {
    const t0 = performance.now();
    log(`data: generating ${count.toLocaleString('en')} records (seed ${seed})…`);
    const tmpFile = join(tmp, `${stem}.jsonl`);
    const tmpSidecar = await writeDemoFile(tmpFile, count, seed);
    moveFile(tmpSidecar, sidecar);
    moveFile(tmpFile, file);
    const mib = statSync(file).size / 2 ** 20;
    log(
      `data: ${file} (${mib.toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return file;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes every cached input. */
export function clearDataCache(): void {
  rmSync(DATA_CACHE, { recursive: true, force: true });
}
