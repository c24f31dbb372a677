/**
 * Issue 12, part 2 (group chats), from the admin's side: a configuration file whose rules post to
 * group chats (as the README documents `rules[].chats`), imported with `config import`; DMS events
 * queued with `notify`; `serve` (a real process, SIGKILLed mid-delivery) delivers them. The fakes model
 * the chats: the bot's membership, dissolved chats, chats the bot may not post to, the paged list.
 * Secrets go to the encrypted-file vault of the test lane (vitest.config.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices } from '../../electron/services/app.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { chatIdOf, chatRecipient } from '../../shared/chats.js';
import { createPlatformClient } from '../../electron/services/platforms/client.js';
import type { Delivery } from '../../shared/contract/sender.js';
import { DINGTALK_SCOPES, startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, startFeishuFake, type FakeChat, type FakeServer } from '../fakes/feishu.js';
import { TEST_VAULT_ENV } from './test-stores.js';
import { waitFor } from '../fixtures/wait-for.js';

// These tests SIGKILL the app: with the encrypted-file vault, so a process killed in the middle of a D-Bus call
// cannot disturb the session keyring that other test files use at the same time (this file runs in its own process).
Object.assign(process.env, TEST_VAULT_ENV);

const ROOT = path.resolve(import.meta.dirname, '../..');
const FEISHU_APP = 'cli_groupchats0a1b2c3';
const DT_KEY = 'dinggroupchats01';
const SECRET = 'GroupChatsAppSecret0123456789';
const DBA = 'oc_dba0approvals0000000000000000';
const DT_DBA = 'cidDbaApprovals0000000000==';
/** 130 more chats the bot is in: the list takes two pages of 100. */
const MANY: FakeChat[] = Array.from({ length: 130 }, (_, i) => ({ chatId: `oc_team${String(i).padStart(4, '0')}`, name: `Team ${i}` }));
const FEISHU_CHATS: FakeChat[] = [
  { chatId: DBA, name: 'DBA approvals' },
  { chatId: 'oc_dissolved000', name: 'Old project', dissolved: true },
  { chatId: 'oc_nobot0000000', name: 'Bot removed', botMember: false },
  { chatId: 'oc_external0000', name: 'Partner chat', botCanPost: false },
  ...MANY,
];
const DT_CHATS: FakeChat[] = [
  { chatId: DT_DBA, name: 'DBA approvals' },
  { chatId: 'cidDissolved0000==', name: 'Old project', dissolved: true },
  { chatId: 'cidNoRobot00000==', name: 'Robot removed', botMember: false },
];

let dir: string;
let dataDir: string;
let feishu: FakeServer;
let dingtalk: DingtalkFake;

/** `channel-desk <argv>` in-process, as typed. */
async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli({
    argv: [...argv, '--data-dir', dataDir],
    env: process.env,
    cwd: dir,
    platform: 'linux',
    home: dir,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

/** `channel-desk serve` as a real process (so it can be SIGKILLed); resolves once it is ready. */
async function startServe(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/cli-entry.ts', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, CHANNEL_DESK_TEST_UI_DIR: path.join(dir, 'ui') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => output.push(d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve not ready:\n${output.join('')}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(`${line}\n`);
      if (line.startsWith('{') && line.includes('"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code ?? signal}:\n${output.join('')}`));
    });
  });
  return child;
}

const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/** The chat deliveries of the events for a task, as the Delivery log has them (the submitter, not in Users, is left out). */
function deliveriesOf(taskId: string): Delivery[] {
  const outbox = Outbox.open(dataDir);
  try {
    const { items } = outbox.log.listEvents({ states: [], search: taskId }, 0, 10);
    return items.flatMap((e) => outbox.log.deliveriesOf(e.id)).filter((d) => chatIdOf(d.recipientUid) !== null);
  } finally {
    outbox.close();
  }
}

const finished = (ds: readonly Delivery[], n: number) => ds.length === n && ds.every((d) => d.state === 'sent' || d.state === 'dead');

const event = (taskId: string, status: string) => ({
  messageEvent: {
    submitterUid: '1003',
    submitterName: 'Wang Fang',
    category: 'Ticket',
    module: 'Data Exporting',
    event: status,
    taskId,
    taskName: 'Export November orders',
    eventTime: 1764579600000,
    message: `[DMS] Ticket ${taskId} (Data Exporting): ${status}.`,
    targetUsers: [],
    receivers: [],
  },
  signatureMethod: 'None',
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-chats-'));
  dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dir, 'ui'));
  writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html><title>Channel Desk</title>');
  feishu = await startFeishuFake({
    apps: [{ appId: FEISHU_APP, secret: SECRET, scopes: [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0], FEISHU_SCOPES.chats[0]], chats: FEISHU_CHATS }],
  });
  dingtalk = await startDingtalkFake({
    apps: [{ appId: DT_KEY, secret: SECRET, scopes: Object.values(DINGTALK_SCOPES), chats: DT_CHATS }],
  });
  const setup = {
    version: 1,
    channels: {
      feishu: { enabled: true, region: 'cn-hangzhou', appId: FEISHU_APP, appSecret: SECRET, apiBaseUrl: feishu.baseUrl },
      dingtalk: {
        enabled: true,
        region: 'cn-hangzhou',
        appId: '5f3c9a2e-8b41-4d7a-9c1e-2a6b8d4f0e13',
        agentId: '3209871456',
        appKey: DT_KEY,
        appSecret: SECRET,
        robotCode: DT_KEY,
        cardTemplateId: 'tpl-group-chats.schema',
        apiBaseUrl: dingtalk.baseUrl,
        oapiBaseUrl: dingtalk.baseUrl,
      },
    },
    rules: [
      {
        module: 'Ticket',
        businessType: 'Data Exporting',
        status: 'Pending Approval',
        chats: [
          { channel: 'feishu', chatId: DBA, name: 'DBA approvals' },
          { channel: 'dingtalk', chatId: DT_DBA, name: 'DBA approvals (DingTalk)' },
        ],
        // The rule's message template is what its chats get too.
        templates: { feishu: 'Chat template: #{{ticket_id}} {{title}} is {{status}}' },
      },
      {
        module: 'Ticket',
        businessType: 'Data Exporting',
        status: 'Approved',
        chats: [
          { channel: 'feishu', chatId: 'oc_dissolved000', name: 'Old project' },
          { channel: 'feishu', chatId: 'oc_nobot0000000', name: 'Bot removed' },
          { channel: 'feishu', chatId: 'oc_external0000', name: 'Partner chat' },
          { channel: 'dingtalk', chatId: 'cidDissolved0000==', name: 'Old project' },
          { channel: 'dingtalk', chatId: 'cidNoRobot00000==', name: 'Robot removed' },
        ],
      },
    ],
  };
  writeFileSync(path.join(dir, 'setup.json'), JSON.stringify(setup));
  const imported = await cli(['config', 'import', path.join(dir, 'setup.json')]);
  expect(imported.code, imported.err.join('\n')).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all([feishu?.close(), dingtalk?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('group chats from the configuration file', () => {
  it('config export → import → export is byte-identical with chats', async () => {
    const first = path.join(dir, 'export-1.json');
    const second = path.join(dir, 'export-2.json');
    expect((await cli(['config', 'export', first])).code).toBe(0);
    const exported = JSON.parse(readFileSync(first, 'utf8')) as { rules: { chats?: unknown[]; templates?: unknown }[] };
    expect(exported.rules[0]).toMatchObject({ templates: { feishu: expect.stringContaining('{{ticket_id}}') as string } });
    expect(exported.rules[0]!.chats).toEqual([
      { channel: 'feishu', chatId: DBA, name: 'DBA approvals' },
      { channel: 'dingtalk', chatId: DT_DBA, name: 'DBA approvals (DingTalk)' },
    ]);
    expect((await cli(['config', 'import', first])).code).toBe(0);
    expect((await cli(['config', 'export', second])).code).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
  });

  it('a chat id of the wrong shape is refused with its path, and nothing changes', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        rules: [{ module: 'Ticket', businessType: '*', status: '*', chats: [{ channel: 'feishu', chatId: 'cid123', name: 'x' }] }],
      }),
    );
    const r = await cli(['config', 'import', bad, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/rules\.0\.chats\.0\.chatId.*starts with "oc_"/);
    const zh = await cli(['config', 'import', bad, '--lang', 'zh']);
    expect(zh.err.join('\n')).toMatch(/rules\.0\.chats\.0\.chatId.*以“oc_”开头/);
    const services = await createAppServices({ dataDir, mode: 'cli' });
    try {
      expect(services.settings.read().rules).toHaveLength(2);
    } finally {
      await services.close();
    }
  });

  it('posts the event to the Feishu chat and the DingTalk group (its card) exactly once across a SIGKILL mid-delivery', async () => {
    const taskId = '8124001';
    expect((await cli(['notify', '--file', writeEvent(taskId, 'Pending Approval')])).code).toBe(0);
    // Both sends are handled (the message lands) but their answers are held back; serve dies meanwhile.
    feishu.injectFault({ kind: 'delay', ms: 60_000, path: '/open-apis/im/v1/messages' });
    dingtalk.injectFault({ kind: 'delay', ms: 60_000, path: '/v1.0/card/instances/createAndDeliver' });
    const first = await startServe();
    const inChat = () => feishu.delivered.filter((m) => m.chatId === DBA && JSON.stringify(m.content).includes(taskId));
    const inGroup = () => dingtalk.delivered.filter((m) => m.chatId === DT_DBA && JSON.stringify(m.content).includes(taskId));
    await waitFor(() => inChat().length === 1 && inGroup().length === 1, 'the message in the Feishu chat and the card in the DingTalk group', 30_000);
    await stop(first, 'SIGKILL');
    feishu.clearFaults();
    dingtalk.clearFaults();
    expect(deliveriesOf(taskId).map((d) => d.state)).toEqual(['sending', 'sending']);

    const sends = () =>
      feishu.requests.filter((r) => r.path === '/open-apis/im/v1/messages').length +
      dingtalk.requests.filter((r) => r.path === '/v1.0/card/instances/createAndDeliver').length;
    const before = sends();
    const second = await startServe();
    try {
      await waitFor(() => finished(deliveriesOf(taskId), 2), 'both chat deliveries to finish', 30_000);
    } finally {
      await stop(second, 'SIGTERM');
    }
    // The restart sent both again (same uuid / outTrackId) and each chat still has the event once.
    expect(sends()).toBeGreaterThanOrEqual(before + 2);
    expect(inChat()).toHaveLength(1);
    expect(JSON.stringify(inChat()[0]!.content)).toContain('Chat template: #8124001 Export November orders is 待审批');
    expect(inGroup()).toHaveLength(1);
    const ds = deliveriesOf(taskId);
    expect(ds.map((d) => [d.channel, d.recipientName, d.state]).sort()).toEqual([
      ['dingtalk', 'DBA approvals (DingTalk)', 'sent'],
      ['feishu', 'DBA approvals', 'sent'],
    ]);
    // DingTalk (a card template is set): the group card to IM_GROUP.<openConversationId>.
    expect(inGroup()[0]!.msgType).toBe('card');
    expect(inGroup()[0]!.content).toMatchObject({ cardTemplateId: 'tpl-group-chats.schema' });
  }, 180_000);

  it('explains each chat failure (dissolved, bot not in it, no permission) in the Delivery log, in both languages', async () => {
    const taskId = '8124002';
    expect((await cli(['notify', '--file', writeEvent(taskId, 'Approved')])).code).toBe(0);
    const serve = await startServe();
    try {
      await waitFor(() => finished(deliveriesOf(taskId), 5), 'the five chat deliveries to finish', {
        timeoutMs: 30_000,
        state: () => deliveriesOf(taskId).map((d) => [d.recipientName, d.state, d.lastError?.code]),
      });
    } finally {
      await stop(serve, 'SIGTERM');
    }
    const byName = new Map(deliveriesOf(taskId).map((d) => [`${d.channel}/${d.recipientName}`, d]));
    const err = (key: string) => {
      const d = byName.get(key)!;
      expect(d.state).toBe('dead');
      return d.lastError!;
    };
    expect(err('feishu/Old project')).toMatchObject({ code: '232009', message: { en: 'The chat has been dissolved.' } });
    expect(err('feishu/Old project').fix.zh).toContain('规则编辑器');
    expect(err('feishu/Bot removed')).toMatchObject({ code: '230002' });
    expect(err('feishu/Bot removed').fix.en).toContain('Add bot');
    expect(err('feishu/Bot removed').fix.zh).toContain('添加机器人');
    expect(err('feishu/Partner chat')).toMatchObject({ code: '230027' });
    expect(err('feishu/Partner chat').message.zh).toContain('权限');
    for (const key of ['dingtalk/Old project', 'dingtalk/Robot removed']) {
      const e = err(key);
      expect(e.code).toBe('chatRefused');
      expect(e.message.en).toContain('not in the group');
      expect(e.fix.zh).toContain('群助手');
    }
    // DingTalk's own words stay with it: which of the causes it was.
    expect(err('dingtalk/Old project').message.en).not.toContain('Code ');
    // Nothing reached a chat that refused.
    expect(feishu.delivered.filter((m) => JSON.stringify(m.content).includes(taskId))).toHaveLength(0);
  }, 120_000);
});

describe('chat picker and credential test', () => {
  it('chats.list gives every chat the Feishu bot is in (two pages), none it left or that was dissolved; DingTalk has no list', async () => {
    const services = await createAppServices({ dataDir, mode: 'cli' });
    try {
      const h = createHandlers(services);
      const listed = (await dispatch(h, 'chats.list', { channel: 'feishu' }, { transport: 'http' })) as { listable: boolean; chats: { chatId: string }[] };
      expect(listed.listable).toBe(true);
      const ids = listed.chats.map((c) => c.chatId);
      expect(ids).toHaveLength(1 + 1 + MANY.length); // DBA, the partner chat, and the 130 teams
      expect(ids).toContain(DBA);
      expect(ids).not.toContain('oc_dissolved000');
      expect(ids).not.toContain('oc_nobot0000000');
      expect(feishu.requests.filter((r) => r.path === '/open-apis/im/v1/chats').length).toBeGreaterThanOrEqual(2);
      expect(await dispatch(h, 'chats.list', { channel: 'dingtalk' }, { transport: 'http' })).toEqual({ listable: false, chats: [] });

      // Without the chat-list permission the picker says which one to add.
      feishu.setScopes(FEISHU_APP, [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0]]);
      await expect(dispatch(h, 'chats.list', { channel: 'feishu' }, { transport: 'http' })).rejects.toMatchObject({
        code: 'PLATFORM_ERROR',
        text: { en: expect.stringContaining('im:chat:readonly') as string },
      });
    } finally {
      feishu.setScopes(FEISHU_APP, [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0], FEISHU_SCOPES.chats[0]]);
      await services.close();
    }
  });

  it('`channel-desk test feishu --chat` posts a real test message in the group; a chat the bot left fails with the fix', async () => {
    const ok = await cli(['test', 'feishu', '--chat', DBA, '--lang', 'en']);
    expect(ok.code, ok.out.join('\n')).toBe(0);
    expect(feishu.delivered.filter((m) => m.chatId === DBA && JSON.stringify(m.content).includes('Channel Desk test message'))).toHaveLength(1);

    const left = await cli(['test', 'feishu', '--chat', 'oc_nobot0000000', '--lang', 'en']);
    expect(left.code).toBe(1);
    expect(left.out.join('\n')).toContain('The bot is not a member of the chat');

    // DingTalk has a card template set: the test card goes to the group.
    const cards = () => dingtalk.delivered.filter((m) => m.chatId === DT_DBA && m.msgType === 'card').length;
    const before = cards();
    const dt = await cli(['test', 'dingtalk', '--chat', DT_DBA, '--json']);
    expect(dt.code, dt.out.join('\n')).toBe(0);
    expect(cards()).toBe(before + 1);

    expect((await cli(['test', 'feishu', '--chat', 'cid123'])).code).toBe(2);
    expect((await cli(['test', 'feishu', '--chat', DBA, '--to', 'a@example.com'])).code).toBe(2);
  }, 60_000);
});

describe('DingTalk groups by openConversationId', () => {
  const dingtalkClient = (cardTemplateId?: string) =>
    createPlatformClient({
      channel: 'dingtalk',
      apiBaseUrl: dingtalk.baseUrl,
      oapiBaseUrl: dingtalk.baseUrl,
      appKey: DT_KEY,
      appSecret: SECRET,
      robotCode: DT_KEY,
      ...(cardTemplateId ? { cardTemplateId } : {}),
    });
  const message = {
    title: 'Ticket 8124003',
    text: 'group text 8124003',
    markdown: 'group **markdown** 8124003',
    cardParams: { title: 'Card', taskId: '8124003' },
  };

  it('without a card template, a robot group message (groupMessages/send); a group without the robot is explained', async () => {
    const outcome = await dingtalkClient().send({
      recipients: [chatRecipient(DT_DBA), chatRecipient('cidNoRobot00000==')],
      message,
      dedupKey: (r) => `robot-${r}`,
    });
    expect(outcome.delivered).toEqual([chatRecipient(DT_DBA)]);
    expect(outcome.failed.map((f) => [f.recipient, f.failure.code])).toEqual([[chatRecipient('cidNoRobot00000=='), 'chatRefused']]);
    expect(outcome.failed[0]!.failure.detail).toContain('机器人不在群内');
    const sent = dingtalk.delivered.filter((m) => m.chatId === DT_DBA && JSON.stringify(m.content).includes('group **markdown** 8124003'));
    expect(sent.map((m) => m.msgType)).toEqual(['sampleMarkdown']);
  });

  it('with a card template, the group card by openConversationId (IM_GROUP), once per outTrackId; a group without the robot is explained', async () => {
    const client = dingtalkClient('tpl-group-chats.schema');
    const req = { recipients: [chatRecipient(DT_DBA), chatRecipient('cidNoRobot00000==')], message, dedupKey: (r: string) => `card-${r}` };
    const outcome = await client.send(req);
    expect(outcome.delivered).toEqual([chatRecipient(DT_DBA)]);
    expect(outcome.failed.map((f) => [f.recipient, f.failure.code])).toEqual([[chatRecipient('cidNoRobot00000=='), 'chatRefused']]);
    expect(outcome.failed[0]!.failure.detail).toContain('机器人不在群内');
    // A retry of the same delivery (same outTrackId) counts as delivered without a second card.
    expect((await client.send({ ...req, recipients: [chatRecipient(DT_DBA)] })).delivered).toEqual([chatRecipient(DT_DBA)]);
    const card = dingtalk.delivered.filter((m) => m.chatId === DT_DBA && m.msgType === 'card' && JSON.stringify(m.content).includes('8124003'));
    expect(card).toHaveLength(1);
    expect(card[0]!.content).toMatchObject({ cardParamMap: { taskId: '8124003' } });
  });
});

function writeEvent(taskId: string, status: string): string {
  const file = path.join(dir, `event-${taskId}.json`);
  writeFileSync(file, JSON.stringify(event(taskId, status)));
  return file;
}
