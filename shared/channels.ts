/**
 * Channel and event names alone, with no imports: the sandboxed preload cannot load npm
 * packages (zod), so it builds `window.loupe` from these lists. contract.ts is checked
 * against them at compile time, so the lists cannot drift from the schemas.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'images:openView',
  'images:window',
  'images:get',
  'import:pick',
  'import:paths',
  'demo:load',
  'jobs:list',
  'jobs:cancel',
  'jobs:saveReport',
  'sources:list',
  'sources:remove',
  'servers:list',
  'servers:connect',
  'servers:disconnect',
  'remote:tree',
  'remote:refresh',
  'sync:select',
  'sync:start',
  'sync:status',
  'sync:changes',
  'export:start',
  'thumbs:make',
  'facets:get',
  'search:catalogue',
  'checks:summary',
  'stats:histograms',
  'searches:list',
  'searches:save',
  'searches:delete',
  'settings:get',
  'settings:set',
  'cache:move',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['jobs:progress', 'cache:changed', 'facets:ready', 'facets:progress', 'menu:command'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The bridge's global name, shared by preload, the renderer and the browser-test harness. */
export const API_GLOBAL = 'loupe';

/** The IPC channel that carries events from main to the renderer. */
export const EVENT_CHANNEL = 'loupe:event';
