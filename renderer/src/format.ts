/** Display helpers: compact, locale-stable text for a dense table. */

const nf = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return nf.format(n);
}

/** Bytes in decimal units, as file managers show them: 293 KB, 1.1 MB. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO date as local `YYYY-MM-DD HH:mm`; the exact value goes in a tooltip. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

export function formatResolution(w: number | null, h: number | null): string {
  if (w === null || h === null) return '';
  return `${w} × ${h}`;
}

/** Seconds as `42 s`, `3 min 05 s` or `1 h 02 min`. */
export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '';
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${pad(t % 60)} s`;
  return `${Math.floor(t / 3600)} h ${pad(Math.floor((t % 3600) / 60))} min`;
}

export function formatRate(perSecond: number): string {
  return `${nf.format(Math.round(perSecond))}/s`;
}
