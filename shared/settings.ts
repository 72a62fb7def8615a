import { z } from 'zod';
import { exportOptionsSchema } from './export';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

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
});
export type AppSettings = z.output<typeof appSettingsSchema>;
export const DEFAULT_SETTINGS: AppSettings = appSettingsSchema.parse({});

/** A change to some settings; what it leaves out stays as it is. */
export const settingsPatchSchema = z
  .object({ theme: z.enum(THEMES).optional(), csv: exportOptionsSchema.optional() })
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
});
