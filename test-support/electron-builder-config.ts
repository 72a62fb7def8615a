import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';

/**
 * The project's electron-builder configuration as electron-builder itself loads it (from
 * electron-builder.yml), after its own schema validation — so a test sees exactly what a real
 * `electron-builder` run would accept or refuse.
 */
export async function loadBuilderConfig(projectDir: string): Promise<Configuration> {
  const config = await getConfig(projectDir, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/** Validates a configuration object against electron-builder's schema; throws when it does not fit. */
export async function validateBuilderConfig(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}
