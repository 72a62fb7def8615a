import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../shared/channels';
import { dispatch, type Handlers } from '../core/ipc/dispatch';

/**
 * One ipcMain.handle per contract channel. A call from any frame but our own page is refused
 * before its input is even parsed; dispatch() parses, runs and wraps the result.
 */
export function registerIpc(handlers: Handlers, isOurPage: (url: string) => boolean): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isOurPage(frame.url)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN_SENDER', message: 'Calls are accepted only from Loupe\'s own page.' },
        };
      }
      return dispatch(handlers, channel, input);
    });
  }
}
