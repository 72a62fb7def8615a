import type { BenchCase } from '../lib/types';
import { b1Import } from './b1-import';
import { b9Export } from './b9-export';
import { b2NameSearch } from './b2-name-search';
import { b3WordSearch } from './b3-word-search';
import { b4Facets } from './b4-facets';
import { b5Stats } from './b5-stats';
import { b6Scroll } from './b6-scroll';
import { b7MetaSort } from './b7-meta-sort';
import { b10ColdOpen } from './b10-cold-open';
import { b1fImportFolder } from './b1f-import-folder';
import { elEventLoop } from './el-event-loop';
import { b11fFullSync, b11Sync } from './b11-sync';
import { uUser } from './u-user';
import { t1ThumbMake, t2ThumbScreen } from './t-thumbs';

/**
 * Every case the harness knows, by id. A new case (B2 search, B4 facets, B6 scrolling,
 * B9 export, B11 sync) is one file under cases/ and one line here.
 */
export const CASES: ReadonlyMap<string, BenchCase> = new Map(
  [
    b1Import,
    b1fImportFolder,
    elEventLoop,
    b2NameSearch,
    b3WordSearch,
    b4Facets,
    b5Stats,
    b6Scroll,
    b7MetaSort,
    b9Export,
    b10ColdOpen,
    b11Sync,
    b11fFullSync,
    uUser,
    t1ThumbMake,
    t2ThumbScreen,
  ].map((c) => [c.id, c] as const),
);
