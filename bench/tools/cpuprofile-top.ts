/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- … --cpu-prof DIR`): self time by
 * function and total (inclusive) time of the functions that matter, so a profile can be read
 * without DevTools. Usage: npx tsx bench/tools/cpuprofile-top.ts FILE [N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

function label(n: Node): string {
  const f = n.callFrame;
  const where = f.url
    ? `${relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpuprofile-top.ts FILE [N]');
  const top = Number(topArg ?? 25);
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id) as Node;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at) as Node);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const all = (p.endTime - p.startTime) / 1000;
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${(all / 1000).toFixed(2)} s)`);
    for (const [l, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / all).toFixed(1).padStart(5)}%  ${l}`,
      );
    }
  };
  show('self time', self);
  show('total time', total);
}

main();
