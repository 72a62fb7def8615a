import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What the desktop shell remembers between runs, beside the cache (never in it). */
export const appSettingsSchema = z.object({
  theme: z.enum(THEMES).catch('system').default('system'),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;
export const DEFAULT_SETTINGS: AppSettings = appSettingsSchema.parse({});
