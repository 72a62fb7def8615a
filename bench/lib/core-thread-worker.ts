import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createCore, type Core } from '../../electron/core/app-core';
import { dispatch } from '../../electron/core/ipc/dispatch';
import { memorySecretStore } from '../../electron/core/sync/secret-store';
import { NODE_READER, NODE_WORKER } from '../../test-support/core-fixture';
import { stallMeter, type CoreThreadReply, type CoreThreadRequest } from './core-thread';

/**
 * The core on a thread of its own, as Electron's main process holds it: IPC arrives as messages
 * (structured clone), goes through dispatch, and its loop does nothing else — so the delay
 * measured here is the core's, not the browser driver's that shares the benchmark's loop.
 */
const post = (m: CoreThreadReply) => parentPort?.postMessage(m);
const { cachePath } = workerData as { cachePath: string };
const loop = monitorEventLoopDelay({ resolution: 5 });
let stalls: ReturnType<typeof stallMeter> | null = null;
let core: Core | null = null;
// LOUPE_CORE_CPU_PROF=FILE: a V8 profile of this thread alone (the benchmark's --cpu-prof sees only its own).
const profileTo = process.env.LOUPE_CORE_CPU_PROF;
const inspector = profileTo ? new Session() : null;
inspector?.connect();
inspector?.post('Profiler.enable', () => inspector.post('Profiler.start'));
const saveProfile = () =>
  new Promise<void>((ok) => {
    if (!inspector || !profileTo) return ok();
    inspector.post('Profiler.stop', (err, r) => {
      if (!err) writeFileSync(profileTo, JSON.stringify(r.profile));
      ok();
    });
  });

parentPort?.on('message', (m: CoreThreadRequest) => {
  if (m.type === 'create') {
    loop.enable();
    stalls = stallMeter();
    core = createCore({
      cachePath,
      version: '0.0.0-bench',
      platform: {
        pickImportFile: async () => null,
        pickImportFolder: async () => null,
        pickSavePath: async () => null,
        secrets: memorySecretStore(),
      },
      emit: (event, payload) => post({ type: 'event', event, payload }),
      workerScript: NODE_WORKER,
      readerScript: NODE_READER,
    });
    post({ type: 'created' });
  } else if (m.type === 'call') {
    const handlers = core?.handlers;
    if (!handlers) throw new Error('the core is not created yet');
    void dispatch(handlers, m.channel, m.input).then((envelope) => post({ type: 'answer', id: m.id, envelope }));
  } else {
    loop.disable();
    const s = stalls?.stop() ?? { stalled_s: 0, over100: 0 };
    const figures = { loop_max_ms: loop.max / 1e6, loop_p99_ms: loop.percentile(99) / 1e6, stalled_s: s.stalled_s, stalls_over_100ms: s.over100 };
    void saveProfile()
      .then(() => core?.close())
      .then(() => post({ type: 'stopped', figures }));
  }
});
post({ type: 'loaded' });
