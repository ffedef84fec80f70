import { RefreshCatalogNotification, SetConnectionNotification, type CatalogStatus } from '../../../shared/src/protocol';
import type { ServerContext } from '../serverContext';
import type { Feature } from './feature';

/**
 * Reloads the catalog now (for the "Refresh catalog" code action and DDL run through the
 * extension); resolves with the final status. Never rejects.
 */
export function refreshCatalog(ctx: ServerContext): Promise<CatalogStatus> {
  return ctx.catalogService.refresh();
}

/** Loads the catalog once the client is ready; `pgsight/refreshCatalog` and `pgsight/setConnection` reload it. */
export const catalogFeature: Feature = {
  name: 'catalog',
  register(ctx) {
    ctx.connection.onNotification(RefreshCatalogNotification.type, () => {
      void ctx.catalogService.refresh();
    });
    ctx.connection.onNotification(SetConnectionNotification.type, (params: SetConnectionNotification.Params | undefined) => {
      const connection = typeof params?.connection === 'string' && params.connection.trim() !== '' ? params.connection : null;
      void ctx.catalogService.setConnection(connection);
    });
  },
  initialized(ctx) {
    // created here, not in register: the settings from initialize are known by now
    void ctx.catalogService.refresh();
  },
};
