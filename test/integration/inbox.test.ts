import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_BODY_LIMIT, SIGNING_SECRET_KEY } from '../../electron/services/delivery/inbox/hook-route.js';
import { signedHeaders } from '../../electron/services/delivery/inbox/signature.js';
import type { FakeServer } from '../fakes/common.js';
import { dmsBody, waitFor, type Harness } from './delivery-harness.js';
import { startInboxWorld, type InboxWorld } from './inbox-world.js';
import { outboxSql } from '../outbox-sql.js';

const APP = 'cli_inbox0123456789';
const SECRET = 'inbox-feishu-secret-01';

let world: InboxWorld;
let fake: FakeServer;
let h: Harness;
let base: string;

beforeAll(async () => {
  world = await startInboxWorld(APP, SECRET);
  ({ fake, h, base } = world);
});

afterAll(() => world.close());

const url = (token = h.delivery.inboxToken()) => `${base}/hooks/dms/${token}`;

async function post(body: string | Buffer, headers: Record<string, string> = {}, target = url()) {
  const res = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook', ...headers } });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> };
}

const rowCounts = () => {
  const q = (t: string) => (outboxSql(h.delivery.outbox, `SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { events: q('events'), deliveries: q('deliveries') };
};

describe('POST /hooks/dms/<token>', () => {
  it('accepts a valid DMS body with 202 {eventId} and delivers it to the platform', async () => {
    const body = dmsBody({ targetUsers: [{ uid: '3001', name: 'Li Si' }] });
    const before = fake.delivered.length;
    const r = await post(JSON.stringify(body));
    expect(r.status).toBe(202);
    expect(typeof r.json.eventId).toBe('string');
    // Durable before the answer: the row is there the moment we got 202.
    expect(h.delivery.outbox.log.getEvent(String(r.json.eventId))).not.toBeNull();
    await waitFor(() => fake.delivered.length === before + 1, 'delivery to the fake');
  });

  it('accepts the same event once (by content and by Idempotency-Key) and answers with the original id', async () => {
    const body = dmsBody();
    const first = await post(JSON.stringify(body));
    // Same content, different key order and spacing.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
    const again = await post(reordered);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json.eventId).toBe(first.json.eventId);

    // A retry under the same key, reformatted: the same event.
    const keyed = dmsBody();
    const k1 = await post(JSON.stringify(keyed), { 'idempotency-key': 'dms-delivery-42' });
    const k2 = await post(JSON.stringify(keyed, null, 2), { 'idempotency-key': 'dms-delivery-42' });
    expect(k1.status).toBe(202);
    expect(k2.status).toBe(200);
    expect(k2.json.eventId).toBe(k1.json.eventId);
  });

  it('answers 409 to an Idempotency-Key reused with another body, and 400 to a key over 200 characters, storing nothing', async () => {
    const first = await post(JSON.stringify(dmsBody()), { 'idempotency-key': 'order-77-approved' });
    expect(first.status).toBe(202);
    const before = rowCounts();
    const reused = await post(JSON.stringify(dmsBody()), { 'idempotency-key': 'order-77-approved' });
    expect(reused.status).toBe(409);
    expect(JSON.stringify(reused.json)).toContain('Idempotency-Key \\"order-77-approved\\" was already used for an event with other content');

    // Keys that differ only after character 200 would have been cut to the same key.
    const long = 'k'.repeat(200);
    expect((await post(JSON.stringify(dmsBody()), { 'idempotency-key': `${long}-a` })).status).toBe(400);
    const tooLong = await post(JSON.stringify(dmsBody()), { 'idempotency-key': `${long}-b` });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.json)).toContain('longer than 200 characters');
    expect(rowCounts()).toEqual(before);
    expect((await post(JSON.stringify(dmsBody()), { 'idempotency-key': long })).status).toBe(202);
  });

  it('refuses with 400 an approver, receiver or submitter uid that names a group chat (chat:<id>), storing nothing', async () => {
    const rules = h.settings.read().rules;
    h.settings.update((s) => ({
      ...s,
      rules: [
        {
          module: 'Ticket',
          businessType: 'Data Exporting',
          status: 'Pending Approval',
          enabled: true,
          additionalUsers: [],
          channels: [],
          chats: [{ channel: 'feishu', chatId: 'oc_team', name: 'Team' }],
        },
      ],
    }));
    try {
      const before = rowCounts();
      const asApprover = await post(JSON.stringify(dmsBody({ targetUsers: [{ uid: 'chat:oc_team', name: 'Team' }] })));
      expect(asApprover.status).toBe(400);
      expect(JSON.stringify(asApprover.json)).toContain('event.targetUsers.0.uid');
      expect(JSON.stringify(asApprover.json)).toContain('cannot start with \\"chat:\\"');
      expect((await post(JSON.stringify(dmsBody({ receivers: [{ uid: 'chat:oc_team', name: 'Team' }] })))).status).toBe(400);
      expect((await post(JSON.stringify(dmsBody({ submitterUid: 'chat:oc_team' })))).status).toBe(400);
      expect(rowCounts()).toEqual(before);
    } finally {
      h.settings.update((s) => ({ ...s, rules }));
    }
  });

  it('answers 404 for a wrong or missing token, without reading further', async () => {
    const before = rowCounts();
    expect((await post(JSON.stringify(dmsBody()), {}, url('x'.repeat(32)))).status).toBe(404);
    expect((await post(JSON.stringify(dmsBody()), {}, `${base}/hooks/dms/`)).status).toBe(404);
    expect(rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON, wrong types, missing fields, a missing DMS-Event header and oversized bodies with 4xx and the reason, storing nothing', async () => {
    const before = rowCounts();
    const bad = await post('{"submitterUid": 1,');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('not valid JSON');

    const wrongType = await post(JSON.stringify({ ...dmsBody(), targetUsers: 'everyone' }));
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.json)).toContain('event.targetUsers');

    const { category: _c, ...missing } = dmsBody();
    const miss = await post(JSON.stringify(missing));
    expect(miss.status).toBe(400);
    expect(JSON.stringify(miss.json)).toContain('event.category');

    const noHeader = await fetch(url(), { method: 'POST', body: JSON.stringify(dmsBody()) });
    expect(noHeader.status).toBe(400);

    const huge = await post(JSON.stringify(dmsBody({ message: 'x'.repeat(HOOK_BODY_LIMIT) })));
    expect(huge.status).toBe(413);

    const get = await fetch(url());
    expect(get.status).toBe(405);
    expect(rowCounts()).toEqual(before);
  });

  it('verifies the HMAC-SHA256 signature: bad → 401, required and missing → 401, good → 202', async () => {
    await h.vault.set(SIGNING_SECRET_KEY, 'signing-secret-for-tests');
    try {
      const body = JSON.stringify(dmsBody());
      expect((await post(body, signedHeaders('wrong-secret', body))).status).toBe(401);
      h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: true } }));
      expect((await post(body)).status).toBe(401);
      const ok = await post(body, signedHeaders('signing-secret-for-tests', body));
      expect(ok.status).toBe(202);
    } finally {
      h.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: false } }));
      await h.vault.delete(SIGNING_SECRET_KEY);
    }
  });

  // 2,000 posts are CPU-bound: with the other test files running beside it on a small machine it needs more than the default 30 s.
  it('fuzz: thousands of random bodies never crash the route and never leave a partial row', { timeout: 120_000 }, async () => {
    const person = fc.record({ uid: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), name: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] });
    const eventish = fc.record(
      {
        submitterUid: fc.oneof(fc.string(), fc.integer(), fc.boolean()),
        submitterName: fc.oneof(fc.string(), fc.constant(null)),
        category: fc.oneof(fc.constantFrom('Ticket', '工单', 'Task Orchestration'), fc.string()),
        module: fc.oneof(fc.constantFrom('Data Exporting', '数据变更'), fc.string()),
        event: fc.oneof(fc.constantFrom('Pending Approval', '执行失败'), fc.string(), fc.integer()),
        taskId: fc.oneof(fc.string(), fc.integer()),
        taskName: fc.string(),
        eventTime: fc.string(),
        message: fc.string(),
        targetUsers: fc.oneof(fc.array(person, { maxLength: 4 }), fc.string()),
        receivers: fc.array(person, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    const bodies = fc.oneof(
      eventish.map((e) => JSON.stringify(e)),
      fc.json(),
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    const samples = fc.sample(bodies, { numRuns: 2000, seed: 20261127 });
    const statuses = new Map<number, number>();
    for (let i = 0; i < samples.length; i += 50) {
      const rs = await Promise.all(samples.slice(i, i + 50).map((b) => post(b)));
      for (const r of rs) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    // Only "accepted", "duplicate" or "your request is wrong" — never a 5xx.
    expect([...statuses.keys()].every((s) => [200, 202, 400, 413].includes(s))).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(100);
    // Every stored event is whole: parseable body, and (with known recipients) its deliveries.
    const orphans = outboxSql(h.delivery.outbox, `SELECT COUNT(*) AS n FROM deliveries d LEFT JOIN events e ON e.id = d.event_id WHERE e.id IS NULL`).get() as {
      n: number;
    };
    expect(orphans.n).toBe(0);
    const events = outboxSql(h.delivery.outbox, 'SELECT id FROM events').all() as { id: string }[];
    for (const e of events) expect(h.delivery.outbox.log.getEvent(e.id)).not.toBeNull();
  });
});
