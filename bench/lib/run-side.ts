import { fork } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './demo-data';
import type { Json, Side, SideResult } from './types';

export type ChildRequest = { caseId: string; side: Side; params: Json };
export type ChildReply =
  | { ok: true; result: SideResult; rss_mb: number; start_rss_mb: number }
  | { ok: false; error: string };

/**
 * Runs one side of a case in a fresh Node process (through tsx) so its peak RSS is its own.
 * The child's stdout goes to our stderr: the harness's stdout carries only result lines.
 */
export function runSide(
  caseId: string,
  side: Side,
  params: Json,
  opts: { cpuProfDir?: string; cpuProfName?: string } = {},
): Promise<{ result: SideResult; rss_mb: number; start_rss_mb: number }> {
  const execArgv = ['--import', 'tsx'];
  if (opts.cpuProfDir) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
    if (opts.cpuProfName) execArgv.push(`--cpu-prof-name=${opts.cpuProfName}`);
  }
  const child = fork(join(REPO_ROOT, 'bench', 'child.ts'), [caseId, side], {
    cwd: REPO_ROOT,
    execArgv,
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let reply: ChildReply | undefined;
    child.once('message', (m) => {
      reply = m as ChildReply;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok) resolve(reply);
      else if (reply) reject(new Error(`${caseId} ${side} failed:\n${reply.error}`));
      else
        reject(
          new Error(`${caseId} ${side}: the child exited (${signal ?? code}) without a result`),
        );
    });
    child.send({ caseId, side, params } satisfies ChildRequest);
  });
}
