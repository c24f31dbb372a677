import type { Api, MethodName } from '../../shared/contract/index';
import { createApi } from './create-api';
import type { QueryDef } from './prefetch';
import { startLiveUpdates } from './live';
import { consumeTokenFromLocation } from './token';
import { pickTransport, type Transport } from './transport';

export const transport: Transport = pickTransport();

// The pages' data follows the service events from the moment the client exists (no polling).
startLiveUpdates(transport.kind === 'http' ? consumeTokenFromLocation() : null);

/** The one client the pages use. */
export const api: Api = createApi(transport);

/** The query a page makes with `useQuery([method], () => api[method]({}))`: the same key and the same call. */
export function methodQuery(method: MethodName): QueryDef {
  const call = api[method] as (input: object) => Promise<unknown>;
  return { key: [method], load: () => call({}) };
}
