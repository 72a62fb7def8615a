import { z } from 'zod';
import { exportOptionsSchema } from './export';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** The thumbnail store's size limit unless the user sets another (least recently used go first). */
export const DEFAULT_THUMB_MAX_BYTES = 1024 ** 3;
const thumbMaxBytes = z.number().int().min(16 * 1024 ** 2).max(1024 ** 4);

/**
 * What the user sets once and the app remembers between runs, kept in the user-data folder
 * (never in the cache). Every field has a default and a wrong value falls back to it, so a
 * hand-edited or older file never stops the app.
 */
export const appSettingsSchema = z.object({
  theme: z.enum(THEMES).catch('system').default('system'),
  /** The CSV options the export dialog starts with. */
  csv: exportOptionsSchema
    .catch(exportOptionsSchema.parse({}))
    .default(exportOptionsSchema.parse({})),
  /** The thumbnail store's size limit. */
  thumbnails: z
    .object({ max_bytes: thumbMaxBytes.catch(DEFAULT_THUMB_MAX_BYTES).default(DEFAULT_THUMB_MAX_BYTES) })
    .catch({ max_bytes: DEFAULT_THUMB_MAX_BYTES })
    .default({ max_bytes: DEFAULT_THUMB_MAX_BYTES }),
});
export type AppSettings = z.output<typeof appSettingsSchema>;
export const DEFAULT_SETTINGS: AppSettings = appSettingsSchema.parse({});

/** A change to some settings; what it leaves out stays as it is. */
export const settingsPatchSchema = z
  .object({
    theme: z.enum(THEMES).optional(),
    csv: exportOptionsSchema.optional(),
    thumbnails: z.object({ max_bytes: thumbMaxBytes }).strict().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export const settingsViewSchema = z.object({
  settings: appSettingsSchema,
  cache: z.object({
    path: z.string(),
    bytes: z.number(),
    /** Where a finished move put the cache: the next start opens it there. */
    moved_to: z.string().nullable(),
  }),
  /** The thumbnail store beside the cache: what it holds now. */
  thumbnails: z.object({ bytes: z.number() }),
});
