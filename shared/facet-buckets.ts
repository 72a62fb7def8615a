import type { FacetBucket } from './field-entry';

const KB = 1024;
const MB = 1024 * KB;

/** Histogram buckets of the numeric facets (field-catalogue.ts). */
export const LABEL_BUCKETS: readonly FacetBucket[] = [
  { min: 0, max: 0, label: '0' },
  { min: 1, max: 1, label: '1' },
  { min: 2, max: 5, label: '2–5' },
  { min: 6, max: 10, label: '6–10' },
  { min: 11, max: 20, label: '11–20' },
  { min: 21, max: 50, label: '21–50' },
  { min: 51, max: null, label: '51+' },
];
export const SIZE_BUCKETS: readonly FacetBucket[] = [
  { min: null, max: 100 * KB - 1, label: '< 100 KB' },
  { min: 100 * KB, max: 500 * KB - 1, label: '100–500 KB' },
  { min: 500 * KB, max: MB - 1, label: '0.5–1 MB' },
  { min: MB, max: 5 * MB - 1, label: '1–5 MB' },
  { min: 5 * MB, max: 20 * MB - 1, label: '5–20 MB' },
  { min: 20 * MB, max: null, label: '≥ 20 MB' },
];
export const WIDTH_BUCKETS: readonly FacetBucket[] = [
  { min: null, max: 999, label: '< 1000 px' },
  { min: 1000, max: 1919, label: '1000–1919 px' },
  { min: 1920, max: 3839, label: '1920–3839 px' },
  { min: 3840, max: null, label: '≥ 3840 px' },
];
