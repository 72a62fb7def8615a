/**
 * Child-process entry: runs one side of one case once, then reports its result and the
 * process's peak RSS to the harness over IPC. Started by lib/run-side.ts, never by hand.
 */
import { CASES } from './cases';
import type { ChildReply, ChildRequest } from './lib/run-side';

const log = (msg: string) => process.stderr.write(`  ${msg}\n`);

async function main(req: ChildRequest): Promise<ChildReply> {
  const c = CASES.get(req.caseId);
  if (!c) throw new Error(`unknown case ${req.caseId}`);
  const startRss = process.memoryUsage().rss;
  const result = await c.run(req.side, req.params, log);
  return {
    ok: true,
    result,
    // maxRSS is in KiB; the process started with tsx and the core already loaded.
    rss_mb: process.resourceUsage().maxRSS / 1024,
    start_rss_mb: startRss / 2 ** 20,
  };
}

process.once('message', (req: ChildRequest) => {
  main(req)
    .catch((err: unknown): ChildReply => ({
      ok: false,
      error: String((err as Error)?.stack ?? err),
    }))
    .then((reply) => process.send?.(reply, () => process.disconnect()));
});
