import type { AppError } from '../../../shared/errors';
import type { SyncState } from '../use-sync';
import { ConnectDialog } from './ConnectDialog';
import { ServersSection } from './ServersSection';
import { SyncPanel } from './SyncPanel';
import { SyncSheet } from './SyncSheet';
import { WhatChanged } from './WhatChanged';

/**
 * The sidebar's Servers section and, under it, the sync progress panel: docked there it stays
 * in view whatever the centre shows, and covers neither the table nor the notices.
 */
export function ServersNav({ sync, onError }: { sync: SyncState; onError: (title: string, error: AppError) => void }) {
  return (
    <ServersSection accounts={sync.accounts} progress={sync.progress} onOpen={sync.openSheet} onConnect={() => sync.openConnect()}>
      <SyncPanel progress={sync.progress} accounts={sync.accounts} syncing={sync.syncing} onChanges={sync.openChanges} onError={onError} />
    </ServersSection>
  );
}

/** The sync dialogs (connect, an account's sheet, what changed), driven by one SyncState. */
export function SyncLayer({ sync }: { sync: SyncState }) {
  const account = (id: number | null) => (id === null ? undefined : sync.accounts.find((a) => a.source_id === id));
  const sheet = account(sync.sheet);
  const changes = account(sync.changes);
  return (
    <>
      {sheet && (
        <SyncSheet
          account={sheet}
          syncing={sync.syncing}
          onClose={() => sync.close('sheet')}
          onReconnect={(url) => sync.openConnect(url)}
          onDisconnected={() => sync.reload()}
          onChanges={() => sync.openChanges(sheet.source_id)}
          onStarted={() => {
            sync.reload();
            sync.close('sheet');
          }}
        />
      )}
      {sync.connect && (
        <ConnectDialog
          initialUrl={sync.connect.serverUrl}
          onClose={() => sync.close('connect')}
          onConnected={(a) => {
            sync.close('connect');
            sync.reload();
            sync.openSheet(a.source_id);
          }}
        />
      )}
      {changes && <WhatChanged account={changes} onClose={() => sync.close('changes')} />}
    </>
  );
}
