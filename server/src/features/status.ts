import { StatusRequest } from '../../../shared/src/protocol';
import type { Feature } from './feature';
import { workspaceSchemaStatus } from './workspaceSchema';

/** `pgsight/status`: answered at once from the current state, never waits for the catalog. */
export const statusFeature: Feature = {
  name: 'status',
  register(ctx) {
    ctx.connection.onRequest(
      StatusRequest.type,
      (): StatusRequest.Result => ({ version: PGSIGHT_VERSION, catalog: ctx.catalogStatus, workspaceSchema: workspaceSchemaStatus(ctx) }),
    );
  },
};
