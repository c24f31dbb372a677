import type { MethodDef } from '../../shared/contract/define';
import { contract, METHOD_NAMES, type Api, type MethodName } from '../../shared/contract/index';
import { text } from '../../shared/i18n-text';
import { ApiError } from './api-error';
import type { QueryDef } from './prefetch';
import { startLiveUpdates } from './live';
import { consumeTokenFromLocation } from './token';
import { pickTransport, type Transport } from './transport';

/**
 * Builds the typed client: one async function per contract method. The output is validated with the
 * contract's zod schema on this side too, so a page only ever sees values of the declared type.
 */
export function createApi(transport: Transport): Api {
  const entries = METHOD_NAMES.map((name) => {
    const def: MethodDef = (contract as Record<MethodName, MethodDef>)[name];
    const call = async (input: unknown): Promise<unknown> => {
      const raw = await transport.call(name, input ?? {});
      const out = def.output.safeParse(raw);
      if (!out.success) {
        throw new ApiError(name, 'INTERNAL', text(`The service returned an invalid answer for ${name}.`, `服务对 ${name} 返回了无效结果。`), {
          details: { issues: out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        });
      }
      return out.data;
    };
    return [name, call] as const;
  });
  return Object.freeze(Object.fromEntries(entries)) as unknown as Api;
}

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
