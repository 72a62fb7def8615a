import { seededRandom, pick, type Rng } from '../../electron/core/demo/random';

/**
 * The state of a fake Supervisely instance: users and tokens, the team → workspace → project →
 * dataset hierarchy, tag metas and images as the API sends them (camelCase ImageInfo,
 * supervisely-api.md §3). Every edit moves a monotonic clock, so `updatedAt` only grows.
 */
export type FakeUser = { id: number; login: string; name: string; role: string; token: string };
export type FakeTeam = { id: number; name: string };
export type FakeWorkspace = { id: number; teamId: number; name: string };
export type FakeProject = { id: number; workspaceId: number; teamId: number; name: string; type: string; updatedAt: string };
export type FakeDataset = { id: number; projectId: number; parentId: number | null; name: string; updatedAt: string };
export type FakeTagMeta = { id: number; name: string; value_type: string; color: string; values?: string[] };
export type FakeImage = Record<string, unknown> & { id: number; datasetId: number; projectId: number; updatedAt: string };

/**
 * The origin fake records are written with. A real instance answers with its own address in
 * `fullStorageUrl` (supervisely-api.md §3); the fake rewrites this origin to the one it listens
 * on when it answers, so the data can be made before the port is known.
 */
export const FAKE_STORAGE_ORIGIN = 'https://fake.supervisely.test';

const CAMERAS = ['cam-01', 'cam-02', 'cam-07', 'gopro-3'];
const WEATHER = ['sunny', 'rain', 'fog'];
const MIMES = ['image/jpeg', 'image/png'];

export class FakeData {
  users: FakeUser[] = [];
  teams: FakeTeam[] = [];
  workspaces: FakeWorkspace[] = [];
  projects: FakeProject[] = [];
  datasets = new Map<number, FakeDataset>();
  tagMetas = new Map<number, FakeTagMeta[]>();
  images = new Map<number, FakeImage>();
  /** Bumped by every edit; listings cache their sorted scopes per version. */
  version = 0;
  private clock = Date.parse('2025-03-01T09:00:00.000Z');
  private nextId = { entity: 100, image: 5_000_000, tag: 9_000_000 };
  readonly rng: Rng;

  constructor(seed = 1) {
    this.rng = seededRandom(seed);
  }

  /** The next `updatedAt`: strictly later than every earlier one. */
  tick(): string {
    this.clock += 1 + Math.floor(this.rng() * 5000);
    return new Date(this.clock).toISOString();
  }

  addUser(login: string, token: string): FakeUser {
    const u = { id: this.nextId.entity++, login, name: login[0]?.toUpperCase() + login.slice(1), role: 'user', token };
    this.users.push(u);
    return u;
  }

  addTeam(name: string): FakeTeam {
    const t = { id: this.nextId.entity++, name };
    this.teams.push(t);
    return t;
  }

  addWorkspace(teamId: number, name: string): FakeWorkspace {
    const w = { id: this.nextId.entity++, teamId, name };
    this.workspaces.push(w);
    return w;
  }

  addProject(workspaceId: number, name: string, type = 'images'): FakeProject {
    const ws = this.workspaces.find((w) => w.id === workspaceId);
    if (!ws) throw new Error(`no workspace ${workspaceId}`);
    const p = { id: this.nextId.entity++, workspaceId, teamId: ws.teamId, name, type, updatedAt: this.tick() };
    this.projects.push(p);
    this.tagMetas.set(p.id, [
      { id: this.nextId.entity++, name: 'review', value_type: 'none', color: '#E3A008' },
      { id: this.nextId.entity++, name: 'weather', value_type: 'oneof_string', color: '#2563EB', values: WEATHER },
      { id: this.nextId.entity++, name: 'quality', value_type: 'any_number', color: '#DC2626' },
    ]);
    this.version++;
    return p;
  }

  addDataset(projectId: number, name: string, parentId: number | null = null): FakeDataset {
    const d = { id: this.nextId.entity++, projectId, parentId, name, updatedAt: this.tick() };
    this.datasets.set(d.id, d);
    this.version++;
    return d;
  }

  /** Adds `n` realistic images to a dataset; returns them. */
  addImages(datasetId: number, n: number): FakeImage[] {
    const ds = this.datasets.get(datasetId);
    if (!ds) throw new Error(`no dataset ${datasetId}`);
    const out: FakeImage[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.nextId.image++;
      const at = this.tick();
      const mime = pick(this.rng, MIMES);
      const ext = mime.slice(6);
      const byLink = this.rng() < 0.05;
      const path = `/fake-public/images/original/${id % 97}/${id}.${ext}`;
      const img: FakeImage = {
        id,
        name: `${pick(this.rng, CAMERAS)}_${id}.${ext === 'jpeg' ? 'jpg' : ext}`,
        link: byLink ? `https://cdn.example.com/${id}.${ext}` : null,
        hash: byLink ? null : Buffer.from(`h${id}`.padEnd(32, '.')).toString('base64'),
        mime,
        size: 20_000 + Math.floor(this.rng() * 2_000_000),
        width: pick(this.rng, [640, 1280, 1920]),
        height: pick(this.rng, [480, 720, 1080]),
        labelsCount: Math.floor(this.rng() * 6),
        datasetId,
        createdAt: at,
        updatedAt: at,
        meta: { camera: pick(this.rng, CAMERAS), exposure_ms: Math.round(this.rng() * 40) },
        pathOriginal: path,
        fullStorageUrl: `${FAKE_STORAGE_ORIGIN}${path}`,
        tags: this.randomTags(ds.projectId, id, at),
        createdBy: pick(this.rng, ['alice', 'bogdan', 'chen.wei']),
        projectId: ds.projectId,
        description: '',
        ...(this.rng() < 0.1 ? { customData: { batch: Math.floor(this.rng() * 9) } } : {}),
      };
      this.images.set(id, img);
      out.push(img);
    }
    this.version++;
    return out;
  }

  private randomTags(projectId: number, imageId: number, at: string): unknown[] {
    const metas = this.tagMetas.get(projectId) ?? [];
    const tags: unknown[] = [];
    for (const m of metas) {
      if (this.rng() > 0.3) continue;
      const value = m.value_type === 'oneof_string' ? pick(this.rng, WEATHER) : m.value_type === 'any_number' ? Math.round(this.rng() * 100) / 10 : null;
      tags.push({ id: this.nextId.tag++, tagId: m.id, entityId: imageId, value, labelerLogin: 'alice', createdAt: at, updatedAt: at });
    }
    return tags;
  }

  /** Edits one image the way a user would (meta, tags, name or labels); bumps `updatedAt`. */
  editImage(id: number, patch?: Partial<FakeImage>): FakeImage {
    const img = this.images.get(id);
    if (!img) throw new Error(`no image ${id}`);
    const at = this.tick();
    const next: FakeImage = { ...img, ...(patch ?? this.randomPatch(img, at)), updatedAt: at };
    this.images.set(id, next);
    this.version++;
    return next;
  }

  private randomPatch(img: FakeImage, at: string): Partial<FakeImage> {
    const r = this.rng();
    if (r < 0.4) return { meta: { ...(img.meta as object), camera: pick(this.rng, CAMERAS), reviewed: this.rng() < 0.5 } };
    if (r < 0.7) return { tags: this.randomTags(img.projectId, img.id, at) };
    if (r < 0.85) return { labelsCount: Math.floor(this.rng() * 9) };
    return { name: `renamed_${img.id}.jpg` };
  }

  deleteImage(id: number): void {
    this.images.delete(id);
    this.version++;
  }

  /** Deletes a dataset, its nested datasets and all their images. */
  deleteDataset(id: number): void {
    for (const d of [...this.datasets.values()]) if (d.parentId === id) this.deleteDataset(d.id);
    for (const [imgId, img] of this.images) if (img.datasetId === id) this.images.delete(imgId);
    this.datasets.delete(id);
    this.version++;
  }

  /** A random mix of server-side edits: new, edited and deleted images, sometimes a dataset. */
  randomEdits(projectId: number, count: number): { added: number; edited: number; deleted: number } {
    const n = { added: 0, edited: 0, deleted: 0 };
    const ids = [...this.images.values()].filter((i) => i.projectId === projectId).map((i) => i.id);
    const datasets = [...this.datasets.values()].filter((d) => d.projectId === projectId);
    for (let k = 0; k < count; k++) {
      const r = this.rng();
      if (r < 0.3 && datasets.length) {
        n.added += this.addImages(pick(this.rng, datasets).id, 1 + Math.floor(this.rng() * 3)).length;
      } else if (r < 0.7 && ids.length) {
        const id = pick(this.rng, ids);
        if (this.images.has(id)) {
          this.editImage(id);
          n.edited++;
        }
      } else if (r < 0.97 && ids.length) {
        const id = pick(this.rng, ids);
        if (this.images.has(id)) {
          this.deleteImage(id);
          n.deleted++;
        }
      } else if (datasets.length) {
        const parent = pick(this.rng, datasets);
        const d = this.addDataset(projectId, `new-${this.nextId.entity}`, this.rng() < 0.5 ? parent.id : null);
        n.added += this.addImages(d.id, 2).length;
        datasets.push(d);
      }
    }
    return n;
  }

  /** Every image of a project: id → updatedAt (what a faithful cache must hold). */
  snapshot(projectId: number): Map<number, string> {
    const out = new Map<number, string>();
    for (const img of this.images.values()) if (img.projectId === projectId) out.set(img.id, img.updatedAt);
    return out;
  }

  /** The dataset and its nested datasets. */
  subtree(datasetId: number): Set<number> {
    const out = new Set([datasetId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of this.datasets.values()) {
        if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) {
          out.add(d.id);
          grew = true;
        }
      }
    }
    return out;
  }
}

export type SeedSpec = {
  seed?: number;
  token: string;
  login?: string;
  /** Images per project, spread over a small nested dataset tree. */
  projects: { name: string; images: number; nested?: boolean }[];
};

/** A ready instance: one user, one team and workspace, the projects asked for and a video project. */
export function seedFakeData(spec: SeedSpec): { data: FakeData; projectIds: number[] } {
  const data = new FakeData(spec.seed ?? 1);
  data.addUser(spec.login ?? 'alice', spec.token);
  const team = data.addTeam('Perception');
  const ws = data.addWorkspace(team.id, 'Autonomy');
  const projectIds: number[] = [];
  for (const p of spec.projects) {
    const project = data.addProject(ws.id, p.name);
    projectIds.push(project.id);
    const train = data.addDataset(project.id, 'train');
    const parts = p.nested === false ? [train] : [data.addDataset(project.id, 'city', train.id), data.addDataset(project.id, 'highway', train.id), data.addDataset(project.id, 'val')];
    let left = p.images;
    parts.forEach((d, i) => {
      const n = i === parts.length - 1 ? left : Math.floor(p.images / parts.length);
      data.addImages(d.id, n);
      left -= n;
    });
  }
  data.addProject(ws.id, 'Dashcam videos', 'videos');
  return { data, projectIds };
}
