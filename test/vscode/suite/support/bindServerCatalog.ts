import type { PgsightApi } from '../../../../client/src/extension';
import { SetConnectionNotification } from '../../../../shared/src/protocol';

/**
 * Binds the language server's catalog to `url`, as the tree's binding does; resolves with a
 * function that puts the extension's own connection back (when it had one).
 */
export async function bindServerCatalog(api: PgsightApi, url: string): Promise<() => Promise<void>> {
  const saved = api.ctx.connection;
  await api.ctx.client!.sendNotification(SetConnectionNotification.method, { connection: url });
  return async () => {
    if (saved !== null) {
      await api.ctx.client?.sendNotification(SetConnectionNotification.method, { connection: saved });
    }
  };
}
