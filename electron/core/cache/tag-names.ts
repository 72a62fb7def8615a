import type { Db } from './open-cache';
import type { ImageTag } from '../../../shared/image-info';

/**
 * Resolves tag ids to names. ImageInfo carries only `tagId`; names come from the project's tag
 * metas (supervisely-api.md §3). Loaded once per cache change, since metas are few.
 */
export class TagNames {
  private bySource = new Map<number, Map<number, string>>();
  private loaded = false;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.loaded = false;
  }

  private load(): void {
    this.bySource.clear();
    const rows = this.db.prepare('SELECT source_id, id, name FROM tag_metas').all() as {
      source_id: number;
      id: number;
      name: string;
    }[];
    for (const r of rows) {
      let m = this.bySource.get(r.source_id);
      if (!m) this.bySource.set(r.source_id, (m = new Map()));
      m.set(r.id, r.name);
    }
    this.loaded = true;
  }

  nameOf(sourceId: number, tag: ImageTag): string {
    if (tag.name) return tag.name;
    if (!this.loaded) this.load();
    const id = tag.tagId;
    if (id === undefined) return '(unnamed tag)';
    return this.bySource.get(sourceId)?.get(id) ?? `tag #${id}`;
  }
}
