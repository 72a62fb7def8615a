import { parentPort, Worker, workerData } from 'node:worker_threads';
import { seedFakeData, type SeedSpec } from './fake-data';
import { FakeSupervisely, type FakeOptions } from './fake-supervisely';

type Spec = { seed: SeedSpec; options: Omit<FakeOptions, 'faults' | 'pause'> };
type Ready = { url: string; projectIds: number[] };

/**
 * The fake server on a thread of its own, so a benchmark measures the client and not the two
 * sharing one event loop. `startFakeWorker` returns once it listens; `stop()` ends the thread.
 */
export async function startFakeWorker(spec: Spec): Promise<Ready & { stop(): Promise<void> }> {
  const worker = new Worker(__filename, { workerData: spec });
  const ready = await new Promise<Ready>((ok, fail) => {
    worker.once('message', ok);
    worker.once('error', fail);
  });
  return { ...ready, stop: async () => void (await worker.terminate()) };
}

if (parentPort && workerData && (workerData as Spec).seed) {
  const spec = workerData as Spec;
  const { data, projectIds } = seedFakeData(spec.seed);
  const fake = new FakeSupervisely(data, spec.options);
  void fake.start().then((url) => parentPort?.postMessage({ url, projectIds } satisfies Ready));
}
