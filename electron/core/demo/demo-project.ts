import type { Sidecar } from '../import/sidecar';

/** The demo project's hierarchy and tag metas: what a real street-scene project looks like. */
export const DEMO_PROJECT = { id: 118909, name: 'Street scenes (demo)' };

/** [id, name, parent id, weight]: weights make a few datasets big and many small. */
export const DEMO_DATASETS: readonly (readonly [number, string, number | null, number])[] = [
  [2530, 'train', null, 0],
  [2531, 'city', 2530, 40],
  [2532, 'highway', 2530, 22],
  [2533, 'night', 2530, 9],
  [2534, 'rain', 2530, 5],
  [2540, 'val', null, 8],
  [2541, 'test', null, 6],
  [2550, 'unlabeled', null, 0],
  [2551, 'drone-2024-06', 2550, 4],
  [2552, 'drone-2024-07', 2550, 3],
  [2553, 'dashcam-batch-17', 2550, 2],
  [2560, 'review-queue', null, 1],
];

/** [id, name, value_type, color, probability an image has it] */
export const DEMO_TAGS: readonly (readonly [number, string, string, string, number])[] = [
  [345022, 'review', 'none', '#E3A008', 0.08],
  [345023, 'blurry', 'none', '#9CA3AF', 0.05],
  [345024, 'occluded', 'none', '#7C3AED', 0.07],
  [345025, 'verified', 'none', '#059669', 0.3],
  [345026, 'weather', 'oneof_string', '#2563EB', 0.25],
  [345027, 'quality', 'any_number', '#DC2626', 0.12],
  [345028, 'split-note', 'any_string', '#0891B2', 0.02],
];

export const WEATHER = ['sunny', 'cloudy', 'rain', 'fog', 'snow'] as const;

export function demoSidecar(): Sidecar {
  return {
    project: DEMO_PROJECT,
    datasets: DEMO_DATASETS.map(([id, name, parent]) => ({
      id,
      name,
      parent_id: parent,
      project_id: DEMO_PROJECT.id,
    })),
    tags: DEMO_TAGS.map(([id, name, value_type, color]) => ({
      id,
      name,
      value_type,
      color,
      ...(value_type === 'oneof_string' ? { values: [...WEATHER] } : {}),
    })),
    classes: [],
    projectType: 'images',
  };
}
