import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { demoSidecar } from './demo-project';
import { generateDemo } from './generate-demo';

/**
 * Writes demo records as JSON Lines plus the `<stem>.meta.json` sidecar with dataset and tag
 * names, streaming so a 10M-record file needs no more memory than a 10-record one.
 */
export async function writeDemoFile(out: string, count: number, seed: number): Promise<string> {
  const stream = createWriteStream(out);
  let buf = '';
  for (const rec of generateDemo(count, seed)) {
    buf += `${JSON.stringify(rec)}\n`;
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await once(stream, 'drain');
      buf = '';
    }
  }
  stream.end(buf);
  await once(stream, 'finish');
  const sidecar = out.replace(/\.(jsonl|ndjson|json)$/, '') + '.meta.json';
  writeFileSync(sidecar, `${JSON.stringify(demoSidecar(), null, 2)}\n`);
  return sidecar;
}
