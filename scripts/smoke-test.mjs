#!/usr/bin/env node
// Runs the packaged app found in dist/ with --self-test (under xvfb-run on a Linux machine with
// no display), and exits 0 only when its report says it passed. The release pipeline runs this
// on each OS after `npm run dist`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The unpacked app's executable electron-builder leaves in `dist` for this OS and processor, or
 * null. electron-builder names x64 output without the arch (`win-unpacked`, `mac`) and every
 * other arch with it (`win-arm64-unpacked`, `mac-arm64`); a universal macOS build runs on both.
 */
export function findPackagedApp(
  dist,
  platform,
  arch,
  productName = 'Loupe',
  executableName = 'loupe',
) {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  const candidates =
    {
      linux: [join(dist, `linux${suffix}-unpacked`, executableName)],
      win32: [join(dist, `win${suffix}-unpacked`, `${productName}.exe`)],
      darwin: [`mac${suffix}`, 'mac-universal'].map((d) =>
        join(dist, d, `${productName}.app`, 'Contents', 'MacOS', productName),
      ),
    }[platform] ?? [];
  return candidates.find((c) => existsSync(c)) ?? null;
}

function main() {
  const app = findPackagedApp(join(process.cwd(), 'dist'), process.platform, process.arch);
  if (!app) {
    console.error(
      `smoke-test: no packaged app for ${process.platform} in dist/ (run npm run dist first)`,
    );
    process.exit(2);
  }
  const report = join(mkdtempSync(join(tmpdir(), 'loupe-smoke-')), 'report.json');
  const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
  const [cmd, args] = needsDisplay
    ? ['xvfb-run', ['-a', app, '--self-test']]
    : [app, ['--self-test']];
  const run = spawnSync(cmd, args, {
    env: { ...process.env, LOUPE_SELF_TEST_REPORT: report },
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (!existsSync(report)) {
    console.error(
      `smoke-test: ${app} wrote no report (exit ${run.status}, ${run.error?.message ?? run.signal ?? 'no error'})`,
    );
    process.exit(1);
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  process.stdout.write(`smoke-test: ${result.self_test} ${JSON.stringify(result)}\n`);
  process.exit(result.self_test === 'passed' && run.status === 0 ? 0 : 1);
}

if (process.argv[1]?.endsWith('smoke-test.mjs')) main();
