/**
 * The layout of a Supervisely project folder (supervisely-api.md §4), declared once for the
 * folder importer and the project exporter, so what one writes the other reads the same way.
 */

/** Sub-folders of a dataset folder that hold its items' files. */
export const ITEM_FOLDERS = ['img', 'ann', 'img_info', 'seg', 'meta', 'blob'] as const;

/** The sub-folder of a dataset folder that holds its nested datasets. */
export const NESTED_DATASETS = 'datasets';

/** Names a dataset folder cannot take: the SDK reads a folder so named as part of the layout. */
export const RESERVED_FOLDER_NAMES: ReadonlySet<string> = new Set([...ITEM_FOLDERS, NESTED_DATASETS]);

/** Extensions the SDK takes as images in `img/`. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.mpo', '.bmp', '.png', '.webp', '.tiff', '.tif', '.nrrd', '.jfif']);
