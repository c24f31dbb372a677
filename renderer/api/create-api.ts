import type { Api } from '../../shared/contract/index';
import { text } from '../../shared/i18n-text';
import { ApiError } from './api-error';
import { methodDef } from './method-schemas';
import type { Transport } from './transport';

/**
 * Builds the typed client: one async function per contract method, made on first use. The output is validated
 * with the contract's zod schema on this side too (its group loads beside the call), so a page only ever sees
 * values of the declared type.
 */
export function createApi(transport: Transport): Api {
  const calls = new Map<string, (input: unknown) => Promise<unknown>>();
  const callOf =
    (name: string) =>
    async (input: unknown): Promise<unknown> => {
      // A schema chunk that cannot load means the service that serves it is gone.
      const schema = methodDef(name).catch(() => Promise.reject(ApiError.unreachable(name)));
      const [raw, def] = await Promise.all([transport.call(name, input ?? {}), schema]);
      const out = def?.output.safeParse(raw);
      if (!out?.success) {
        throw new ApiError(name, 'INTERNAL', text(`The service returned an invalid answer for ${name}.`, `服务对 ${name} 返回了无效结果。`), {
          details: { issues: out ? out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : [`${name} is not in the contract`] },
        });
      }
      return out.data;
    };
  // Only `domain.action` names are methods: anything else (`then`, symbols) is not, so the client is never a thenable.
  return new Proxy(Object.freeze({}) as Api, {
    get(_target, name) {
      if (typeof name !== 'string' || !name.includes('.')) return undefined;
      let call = calls.get(name);
      if (!call) calls.set(name, (call = callOf(name)));
      return call;
    },
  });
}
