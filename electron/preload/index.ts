import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { LoupeApi } from '../../shared/api';
import { API_GLOBAL, CHANNEL_NAMES, EVENT_CHANNEL, EVENT_NAMES } from '../../shared/channels';
import { THUMB_BASE } from '../../shared/thumb-url';

/**
 * Builds `window.loupe` from the channel list: one function per channel, nothing generic, no
 * Node or Electron object handed to the page. Dependency-free because a sandboxed preload
 * cannot load npm packages; main parses every input with zod.
 */
const api = Object.fromEntries(
  CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
) as Omit<LoupeApi, 'on' | 'pathsOf' | 'thumbBase'>;

const on: LoupeApi['on'] = (event, listener) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`);
  const handler = (_: unknown, name: string, payload: unknown) => {
    if (name === event) (listener as (p: unknown) => void)(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

const pathsOf: LoupeApi['pathsOf'] = (files) =>
  files.map((f) => webUtils.getPathForFile(f as File)).filter((p) => p.length > 0);

contextBridge.exposeInMainWorld(API_GLOBAL, { ...api, on, pathsOf, thumbBase: THUMB_BASE } satisfies LoupeApi);
