import { FORBIDDEN_KEYS } from '../../../shared/image-info';

const NEEDLES = [...FORBIDDEN_KEYS].map((k) => `"${k}"`);

/** A cheap test on raw JSON text: only text that mentions a forbidden key needs a deep look. */
export function mayHaveForbiddenKey(text: string): boolean {
  return NEEDLES.some((n) => text.includes(n));
}

/** The dotted path of the first `__proto__` / `constructor` / `prototype` key, or null. */
export function findForbiddenKey(value: unknown, path = ''): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const hit = findForbiddenKey((value as Record<string, unknown>)[key], here);
    if (hit) return hit;
  }
  return null;
}
