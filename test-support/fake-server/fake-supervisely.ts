import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FAKE_STORAGE_ORIGIN, type FakeData, type FakeImage } from './fake-data';
import { FakePixels, parsePreviewPath } from './fake-pixels';
import type { Fault, FaultPlan } from './faults';
import { listedBefore, listImages, type ListAnswer } from './fake-listing';

/** How an older server differs (supervisely-api.md §6): options it refuses or ignores. */
export type Legacy = {
  /** `images.list` refuses `projectId` (servers before mid-2024). */
  noProjectListing?: boolean;
  /** Token paging: ignored (answers page mode without `after`) or refused with a 400. */
  tokenPaging?: 'ignore' | 'refuse';
  /** `fields` is ignored: whole records come back. */
  ignoreFields?: boolean;
  /** `images.list` accepts `projectId` but ignores `recursive` (between mid-2024 and early 2025). */
  ignoreRecursive?: boolean;
  /**
   * The simple filter on `id` with a comparison (`>`, `<`, …): refused with a 400 or ignored.
   * supervisely-api.md §5 lists only `=` and `in` for `id` as confirmed, so either is plausible.
   */
  idFilter?: 'refuse' | 'ignore';
};

export type FakeOptions = {
  version?: string;
  legacy?: Legacy;
  /** The page size when a request gives none, and the most a request may ask for. */
  defaultPerPage?: number;
  maxPerPage?: number;
  /** How a refused token is answered; the reference does not say (UNVERIFIED). */
  authFailure?: { status: 400 | 401 | 403 };
  /** Milliseconds every answer waits, like a network round trip. */
  latencyMs?: number;
  /** Error messages repeat the token the client sent (to prove Loupe redacts them). */
  echoToken?: boolean;
  faults?: FaultPlan;
  /**
   * Previews the image service refuses (an unsupported original, a link it cannot reach), with
   * this status (default 422, imgproxy's "unprocessable"); `images.download` still sends them.
   */
  refusePreview?: (img: FakeImage) => boolean;
  refusedPreviewStatus?: number;
  /** Holds a request before it is answered, while the promise it returns is pending (tests). */
  pause?: (req: { method: string; body: Record<string, unknown> }) => Promise<void> | undefined;
};

type Handler = (body: Record<string, unknown>) => { status: number; json: unknown };

/** Stands apart from LoupeError: the fake server's own status to answer with, never Loupe's error. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A fake Supervisely instance on 127.0.0.1 for tests, the chaos test, the browser test and the
 * benchmark: `POST /public/api/v3/<method>` with `x-api-key`, the list envelope, token and page
 * paging, nested datasets, simple filters and `fields`, the `{error, details}` error shape —
 * and, on script, every fault in faults.ts. It can also go offline and come back on its port.
 */
export class FakeSupervisely {
  url = '';
  faults: FaultPlan | undefined;
  readonly stats = {
    requests: [] as { method: string; body: Record<string, unknown>; apiKey: string | null }[],
    inFlight: 0,
    peakInFlight: 0,
  };
  private server: Server | null = null;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly handlers: Record<string, Handler>;
  private n = 0;
  readonly pixels: FakePixels;

  constructor(
    readonly data: FakeData,
    readonly options: FakeOptions = {},
  ) {
    this.faults = options.faults;
    this.handlers = this.buildHandlers();
    this.pixels = new FakePixels(data);
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** Closes the port and every open connection: clients see a lost network. */
  async goOffline(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((ok) => s.close(() => ok()));
  }

  /** Listens again on the same port, with the same data. */
  async goOnline(): Promise<void> {
    if (!this.server) await this.start(this.port);
  }

  stop(): Promise<void> {
    return this.goOffline();
  }

  count(method: string): number {
    return this.stats.requests.filter((r) => r.method === method).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url?.startsWith('/previews/')) return this.handlePreview(req, res);
    const m = /^\/public\/api\/v3\/([\w.-]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const method = m[1] as string;
    this.stats.inFlight++;
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.stats.inFlight);
    res.on('close', () => this.stats.inFlight--);
    let body: Record<string, unknown> = {};
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      this.send(res, 400, { error: 'Bad request', details: { message: 'body is not JSON' } });
      return;
    }
    if (this.options.latencyMs) await new Promise((ok) => setTimeout(ok, this.options.latencyMs));
    await this.options.pause?.({ method, body });
    // A request its client gave up on (timed out, then retried) may reach this point late on a
    // busy machine: answering it must not draw a fault that edits data after the sync ended.
    if (req.socket.destroyed) return;
    const apiKey = (req.headers['x-api-key'] as string | undefined) ?? null;
    this.stats.requests.push({ method, body, apiKey });
    const fault = this.faults?.({ method, body, n: ++this.n });
    if (fault?.type === 'mutate') this.mutate(body, fault.edits);
    if (fault?.type === 'delete-listed' || fault?.type === 'add-listed') this.changeListed(method, body, fault.type, fault.count);
    if (fault?.type === 'hang') return; // never answered; the socket closes when the client gives up
    if (fault?.type === 'status') {
      const headers: Record<string, string> = {};
      const ra = fault.retryAfter;
      if (ra) headers['retry-after'] = ra.asDate ? new Date(Date.now() + ra.seconds * 1000).toUTCString() : String(ra.seconds);
      this.send(res, fault.status, { error: 'Service error', details: { message: `fault ${fault.status}` } }, headers);
      return;
    }
    const user = this.data.users.find((u) => u.token === apiKey);
    if (!user || fault?.type === 'reject-token') {
      const said = this.options.echoToken ? `API token ${apiKey ?? ''} is not valid` : 'Invalid or expired API token';
      this.send(res, this.options.authFailure?.status ?? 401, { error: 'Unauthorized', details: { message: said } });
      return;
    }
    if (method === 'images.download') return this.sendFile(res, body, fault);
    const handler = this.handlers[method];
    let out: { status: number; json: unknown };
    try {
      if (method === 'users.me') out = { status: 200, json: publicUser(user) };
      else if (!handler) throw new HttpError(404, `Method ${method} not found`);
      else out = handler(body);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      out = { status, json: { error: status === 404 ? 'Not found' : 'Bad request', details: { message: (err as Error).message } } };
    }
    if (fault?.type === 'wrong-total' && out.status === 200 && typeof (out.json as ListAnswer).total === 'number') {
      out.json = { ...(out.json as ListAnswer), total: Math.max(0, (out.json as ListAnswer).total + fault.delta) };
    }
    this.answer(res, out, fault);
  }

  /**
   * An image preview: `GET <server>/previews/…/plain/<path original>` (supervisely-api.md §3,
   * "Preview URL"). Whether a real instance wants the token here is UNVERIFIED; the fake wants
   * it, as the API does, so a revoked token fails here too. Faults apply under the method name
   * `previews`.
   */
  private async handlePreview(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.inFlight++;
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.stats.inFlight);
    res.on('close', () => this.stats.inFlight--);
    for await (const _ of req) void _;
    if (this.options.latencyMs) await new Promise((ok) => setTimeout(ok, this.options.latencyMs));
    const ask = parsePreviewPath(req.url ?? '');
    const body = { path: ask?.path ?? req.url ?? '' };
    await this.options.pause?.({ method: 'previews', body });
    if (req.socket.destroyed) return;
    const apiKey = (req.headers['x-api-key'] as string | undefined) ?? null;
    this.stats.requests.push({ method: 'previews', body, apiKey });
    const fault = this.faults?.({ method: 'previews', body, n: ++this.n });
    if (fault?.type === 'hang') return;
    if (fault?.type === 'status') return this.send(res, fault.status, { error: 'Service error', details: { message: `fault ${fault.status}` } }, fault.retryAfter ? { 'retry-after': String(fault.retryAfter.seconds) } : {});
    if (!this.data.users.some((u) => u.token === apiKey) || fault?.type === 'reject-token') {
      return this.send(res, this.options.authFailure?.status ?? 401, { error: 'Unauthorized', details: { message: 'Invalid or expired API token' } });
    }
    const img = ask ? this.pixels.imageAt(ask.path) : undefined;
    if (!ask || !img) return this.send(res, 404, { error: 'Not found', details: { message: 'no such image' } });
    if (this.options.refusePreview?.(img)) {
      return this.send(res, this.options.refusedPreviewStatus ?? 422, { error: 'Unprocessable', details: { message: 'cannot make a preview of this image' } });
    }
    this.answerBytes(res, await this.pixels.preview(img, ask), `image/${ask.ext}`, fault);
  }

  /** `images.download {id}`: the original file's bytes, with its mime type. */
  private async sendFile(res: ServerResponse, body: Record<string, unknown>, fault: Fault | undefined): Promise<void> {
    const img = typeof body.id === 'number' ? this.data.images.get(body.id) : undefined;
    if (!img) return this.send(res, 404, { error: 'Not found', details: { message: `Image ${String(body.id)} not found` } });
    this.answerBytes(res, await this.pixels.original(img), String(img.mime ?? 'application/octet-stream'), fault);
  }

  private answerBytes(res: ServerResponse, bytes: Buffer, type: string, fault: Fault | undefined): void {
    if (res.destroyed) return;
    if (fault?.type === 'reset' || fault?.type === 'truncate') {
      const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
      res.writeHead(200, { 'content-type': type, 'content-length': fault.type === 'truncate' ? half.length : bytes.length });
      if (fault.type === 'truncate') res.end(half);
      else res.write(half, () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.end(bytes);
  }

  private answer(res: ServerResponse, out: { status: number; json: unknown }, fault: Fault | undefined): void {
    // A real instance names itself in fullStorageUrl: the fake's records carry a stand-in origin.
    const text = Buffer.from(JSON.stringify(out.json).split(`"${FAKE_STORAGE_ORIGIN}/`).join(`"${this.url}/`));
    if (fault?.type === 'reset' || fault?.type === 'truncate') {
      const half = text.subarray(0, Math.max(1, Math.floor(text.length / 2)));
      if (fault.type === 'truncate') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': half.length });
        res.end(half);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
        res.write(half, () => res.socket?.destroy());
      }
      return;
    }
    res.writeHead(out.status, { 'content-type': 'application/json', 'content-length': text.length });
    res.end(text);
  }

  private send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(json);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private mutate(body: Record<string, unknown>, edits: number): void {
    // Only the project the request is about, so a project synced earlier stays as synced.
    const pid = typeof body.projectId === 'number' ? body.projectId : typeof body.datasetId === 'number' ? this.data.datasets.get(body.datasetId)?.projectId : undefined;
    if (pid !== undefined) this.data.randomEdits(pid, edits);
  }

  /**
   * Changes what a listing has already read, just before its next page is answered: deletes
   * records listed earlier (later records slide back across the page boundary), or brings in
   * a record whose id sorts among the listed ones — moved from another dataset of the project
   * into a dataset listed on its own, or failing that, a new record so the count stays equal.
   */
  private changeListed(method: string, body: Record<string, unknown>, kind: 'delete-listed' | 'add-listed', count: number): void {
    if (method !== 'images.list') return;
    const d = this.data;
    const listed = listedBefore(d, body, this.options);
    if (listed.length === 0) return;
    for (let k = 0; k < count; k++) {
      if (kind === 'delete-listed') {
        const victim = listed[Math.floor(d.rng() * listed.length)];
        if (victim && d.images.has(victim.id)) d.deleteImage(victim.id);
        continue;
      }
      const top = Math.max(...listed.map((i) => i.id));
      const into = typeof body.datasetId === 'number' ? body.datasetId : undefined;
      const pid = listed[0]?.projectId;
      const candidates = into === undefined ? [] : [...d.images.values()].filter((i) => i.projectId === pid && i.datasetId !== into && i.id < top);
      const moved = candidates[Math.floor(d.rng() * candidates.length)];
      if (into !== undefined && moved) d.editImage(moved.id, { datasetId: into });
      else {
        const ds = (listed[Math.floor(d.rng() * listed.length)] as FakeImage).datasetId;
        if (d.datasets.has(ds)) d.addImages(ds, 1);
      }
    }
  }

  private buildHandlers(): Record<string, Handler> {
    const d = this.data;
    const ok = (json: unknown) => ({ status: 200, json });
    const list = <T>(items: T[]) => ok({ total: items.length, perPage: Math.max(1, items.length), pagesCount: 1, entities: items });
    const needId = (b: Record<string, unknown>, key = 'id'): number => {
      const v = b[key];
      if (typeof v !== 'number') throw new HttpError(400, `${key} is required`);
      return v;
    };
    const project = (id: number) => {
      const p = d.projects.find((x) => x.id === id);
      if (!p) throw new HttpError(404, `Project ${id} not found`);
      return p;
    };
    const projectJson = (p: (typeof d.projects)[number]) => {
      const imgs = [...d.images.values()].filter((i) => i.projectId === p.id).length;
      const dss = [...d.datasets.values()].filter((x) => x.projectId === p.id).length;
      return { id: p.id, name: p.name, description: '', size: String(imgs * 1000), workspaceId: p.workspaceId, teamId: p.teamId, imagesCount: imgs, itemsCount: imgs, datasetsCount: dss, type: p.type, createdAt: p.updatedAt, updatedAt: p.updatedAt };
    };
    const datasetJson = (x: { id: number; projectId: number; parentId: number | null; name: string; updatedAt: string }) => {
      const imgs = [...d.images.values()].filter((i) => i.datasetId === x.id).length;
      return { id: x.id, name: x.name, description: '', size: String(imgs * 1000), projectId: x.projectId, parentId: x.parentId, imagesCount: imgs, itemsCount: imgs, createdAt: x.updatedAt, updatedAt: x.updatedAt };
    };
    return {
      'instance.version': () => ok({ version: this.options.version ?? '6.17.8' }),
      'teams.list': () => list(d.teams.map((t) => ({ id: t.id, name: t.name, description: '', role: 'admin' }))),
      'workspaces.list': (b) => list(d.workspaces.filter((w) => w.teamId === needId(b, 'teamId')).map((w) => ({ id: w.id, name: w.name, teamId: w.teamId, description: '' }))),
      'projects.list': (b) => {
        const ws = typeof b.workspaceId === 'number' ? b.workspaceId : undefined;
        const team = typeof b.groupId === 'number' ? b.groupId : undefined;
        if (ws === undefined && team === undefined) throw new HttpError(400, 'workspaceId or groupId is required');
        return list(d.projects.filter((p) => (ws === undefined || p.workspaceId === ws) && (team === undefined || p.teamId === team)).map(projectJson));
      },
      'projects.info': (b) => ok(projectJson(project(needId(b)))),
      'projects.meta': (b) => ok({ classes: [], tags: d.tagMetas.get(project(needId(b)).id) ?? [], projectType: 'images' }),
      'datasets.list': (b) => {
        const p = project(needId(b, 'projectId'));
        const all = [...d.datasets.values()].filter((x) => x.projectId === p.id);
        return list((b.recursive === true ? all : all.filter((x) => x.parentId === null)).map(datasetJson));
      },
      'datasets.info': (b) => {
        const x = d.datasets.get(needId(b));
        if (!x) throw new HttpError(404, 'Dataset not found');
        return ok(datasetJson(x));
      },
      'images.info': (b) => {
        const img = d.images.get(needId(b));
        if (!img) throw new HttpError(404, 'Image not found');
        return ok(img);
      },
      'images.list': (b) => {
        try {
          return ok(listImages(d, b, this.options));
        } catch (err) {
          const e = err as Error & { status?: number };
          throw new HttpError(e.status ?? 400, e.message);
        }
      },
    };
  }
}

function publicUser(u: { id: number; login: string; name: string; role: string }) {
  return { id: u.id, login: u.login, name: u.name, role: u.role, email: `${u.login}@example.com`, createdAt: '2024-01-01T00:00:00.000Z' };
}

export type { FakeImage };
