import type { Command } from '../cli-types';
import { checkCommand } from './check';
import { countCommand } from './count';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { queryCommand } from './query';
import { syncCommand } from './sync';
import { exportCommand } from './export';
import { statsCommand } from './stats';
import { thumbnailsCommand } from './thumbnails';

/** Every CLI command by name; a new command is a file here and one line below. */
export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  count: countCommand,
  query: queryCommand,
  demo: demoCommand,
  sync: syncCommand,
  export: exportCommand,
  stats: statsCommand,
  thumbnails: thumbnailsCommand,
  check: checkCommand,
};
