import type { Rng } from '../../electron/core/demo/random';

/**
 * Ways the fake server misbehaves, on script or at random:
 * - status: 429 (with Retry-After in seconds or as an HTTP date), 500, 502, 503, 504;
 * - hang: accept the request and never answer (the client's timeout must fire);
 * - reset: send the headers and half the body, then destroy the socket;
 * - truncate: a complete HTTP answer whose JSON is cut in half;
 * - wrong-total: a correct page whose `total` disagrees with the items;
 * - mutate: edit records on the server just before answering (records changing between pages);
 * - delete-listed / add-listed: delete records a listing has already read, or bring one in among
 *   them, just before its next page (later records slide across the page boundary);
 * - reject-token: refuse the token as if it had been revoked.
 */
export type Fault =
  | { type: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfter?: { seconds: number; asDate?: boolean } }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'truncate' }
  | { type: 'wrong-total'; delta: number }
  | { type: 'mutate'; edits: number }
  | { type: 'delete-listed'; count: number }
  | { type: 'add-listed'; count: number }
  | { type: 'reject-token' };

export type FaultRequest = { method: string; body: Record<string, unknown>; n: number };

/** Decides, per request, whether and how to misbehave. */
export type FaultPlan = (req: FaultRequest) => Fault | undefined;

export type ScriptStep = { method?: string | RegExp; fault: Fault; times?: number; skip?: number };

/** Misbehaves on the requests that match each step in turn (`skip` matching ones first). */
export function scriptedFaults(steps: ScriptStep[]): FaultPlan {
  const queue = steps.map((s) => ({ ...s, times: s.times ?? 1, skip: s.skip ?? 0 }));
  return ({ method }) => {
    const step = queue[0];
    if (!step) return undefined;
    const m = step.method;
    if (m !== undefined && !(typeof m === 'string' ? m === method : m.test(method))) return undefined;
    if (step.skip > 0) {
      step.skip--;
      return undefined;
    }
    if (--step.times <= 0) queue.shift();
    return step.fault;
  };
}

export const RECOVERABLE_FAULTS = ['429', '429-date', '500', '502', '503', '504', 'hang', 'reset', 'truncate', 'wrong-total', 'mutate', 'delete-listed', 'add-listed'] as const;
export type FaultKind = (typeof RECOVERABLE_FAULTS)[number];

export function faultOf(kind: FaultKind, rng: Rng): Fault {
  switch (kind) {
    case '429':
      return { type: 'status', status: 429, retryAfter: { seconds: rng() < 0.5 ? 0 : 1 } };
    case '429-date':
      return { type: 'status', status: 429, retryAfter: { seconds: 1, asDate: true } };
    case 'hang':
      return { type: 'hang' };
    case 'reset':
      return { type: 'reset' };
    case 'truncate':
      return { type: 'truncate' };
    case 'wrong-total':
      return { type: 'wrong-total', delta: rng() < 0.5 ? -1 : 3 };
    case 'mutate':
      return { type: 'mutate', edits: 1 + Math.floor(rng() * 4) };
    case 'delete-listed':
    case 'add-listed':
      return { type: kind, count: 1 + Math.floor(rng() * 3) };
    default:
      return { type: 'status', status: Number(kind) as 500 | 502 | 503 | 504 };
  }
}

/** Misbehaves at random on a share of requests, with a cap per plan (so a run can end). */
export function randomFaults(rng: Rng, opts: { probability: number; max: number; kinds?: readonly FaultKind[] }): FaultPlan & { injected: FaultKind[] } {
  const kinds = opts.kinds ?? RECOVERABLE_FAULTS;
  const injected: FaultKind[] = [];
  const plan: FaultPlan = () => {
    if (injected.length >= opts.max || rng() >= opts.probability) return undefined;
    const kind = kinds[Math.floor(rng() * kinds.length)] as FaultKind;
    injected.push(kind);
    return faultOf(kind, rng);
  };
  return Object.assign(plan, { injected });
}
