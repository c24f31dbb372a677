import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRoutesListener } from '../../electron/services/net/routes.js';
import type { FakeServer } from '../fakes/common.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { FAST_RETRY, startHarness, type Harness } from './delivery-harness.js';

/** The webhook inbox on loopback, in front of a Feishu channel on the fake; DMS user 3001 is its user u1. */
export interface InboxWorld {
  readonly fake: FakeServer;
  readonly h: Harness;
  /** `http://127.0.0.1:<port>` of the inbox listener. */
  readonly base: string;
  close(): Promise<void>;
}

export async function startInboxWorld(appId: string, secret: string): Promise<InboxWorld> {
  const fake = await startFeishuFake({ apps: [{ appId, secret, scopes: [FEISHU_SCOPES.send[0]], users: [{ id: 'u1' }] }] });
  const h = await startHarness({
    channels: { feishu: { baseUrl: fake.baseUrl, appId, secret } },
    people: { '3001': { feishu: openIdFor(appId, 'u1') } },
    retry: FAST_RETRY,
  });
  const server = http.createServer(createRoutesListener([h.delivery.hookRoute]));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fake,
    h,
    base,
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await h.close();
      await fake.close();
    },
  };
}
