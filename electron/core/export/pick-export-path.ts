import { FORMAT_EXTENSION, FORMAT_LABEL, type ExportFormat } from '../../../shared/export';
import type { PlatformPort } from '../platform';

/**
 * Asks the user where to save an export, through the platform port's save dialog (Electron's
 * native one; the tests' scripted one). The renderer never sends a path: it only says what to
 * export. A Supervisely project is a folder: the dialog's name becomes a new folder.
 */
export function pickExportPath(
  platform: Pick<PlatformPort, 'pickSavePath'>,
  suggestedName: string,
  format: ExportFormat,
): Promise<string | null> {
  const ext = FORMAT_EXTENSION[format];
  return platform.pickSavePath({
    title: ext ? `Export as ${FORMAT_LABEL[format]}` : 'Export as a Supervisely project folder',
    defaultName: suggestedName,
    filters: ext ? [{ name: FORMAT_LABEL[format], extensions: [ext] }] : [],
  });
}
