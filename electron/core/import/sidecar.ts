import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { LoupeError } from '../../../shared/errors';

const id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/**
 * What a dump of ImageInfo cannot say about itself: dataset names and tag names. It is a
 * Supervisely project `meta.json` (tag metas with ids) that may also list the project and its
 * datasets, read from `<stem>.meta.json` beside the dump (or the folder's `meta.json`).
 */
export const sidecarSchema = z.looseObject({
  project: z.looseObject({ id, name: z.string() }).optional(),
  datasets: z
    .array(
      z.looseObject({
        id,
        name: z.string(),
        parent_id: id.nullable().optional(),
        parentId: id.nullable().optional(),
        project_id: id.nullable().optional(),
        projectId: id.nullable().optional(),
      }),
    )
    .optional(),
  tags: z
    .array(
      z.looseObject({
        id: id.optional(),
        name: z.string(),
        value_type: z.string().optional(),
        color: z.string().optional(),
      }),
    )
    .optional(),
});
export type Sidecar = z.output<typeof sidecarSchema>;

function stem(file: string): string {
  return basename(file).replace(/\.gz$/, '').replace(/\.(jsonl|ndjson|json)$/, '');
}

/** Finds and parses the sidecar of a dump, or returns an empty one when there is none. */
export function readSidecar(file: string): { sidecar: Sidecar; path: string | null } {
  const candidates = [join(dirname(file), `${stem(file)}.meta.json`), join(dirname(file), 'meta.json')];
  const path = candidates.find((p) => p !== file && existsSync(p)) ?? null;
  if (!path) return { sidecar: {}, path: null };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LoupeError('BAD_FILE', `${path}: not valid JSON (${(err as Error).message}).`, {
      file: path,
    });
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new LoupeError('BAD_FILE', `${path}, field ${field}: ${issue?.message}.`, {
      file: path,
      field,
    });
  }
  return { sidecar: parsed.data, path };
}

/** Dataset id → full path ("parent/child"), following parent links. */
export function datasetPaths(sidecar: Sidecar): Map<number, { name: string; path: string; parent: number | null; project: number | null }> {
  const byId = new Map<number, { name: string; parent: number | null; project: number | null }>();
  for (const d of sidecar.datasets ?? []) {
    byId.set(d.id, {
      name: d.name,
      parent: d.parent_id ?? d.parentId ?? null,
      project: d.project_id ?? d.projectId ?? sidecar.project?.id ?? null,
    });
  }
  const out = new Map<number, { name: string; path: string; parent: number | null; project: number | null }>();
  for (const [dsId, d] of byId) {
    const parts = [d.name];
    const seen = new Set([dsId]);
    for (let p = d.parent; p !== null && !seen.has(p); ) {
      seen.add(p);
      const parent = byId.get(p);
      if (!parent) break;
      parts.unshift(parent.name);
      p = parent.parent;
    }
    out.set(dsId, { ...d, path: parts.join('/') });
  }
  return out;
}
