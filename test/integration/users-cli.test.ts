import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/services/app.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import { UNSAFE_TEXT } from '../../shared/contract/users.js';
import type { FakeServer } from '../fakes/common.js';
import { startFakeDms, type FakeDms, type FakeDmsUser } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { runCliToEnd } from '../fixtures/cli-run.js';

const APP = 'cli_userscli00000001';
const APP_SECRET = 'feishu-users-cli-secret-0123';
const AK_SECRET = 'dms-users-cli-ak-secret-0123';
const README = path.resolve(import.meta.dirname, '../../README.md');

/** The `channel-desk users …` lines of the README's Users section, as written (without `npx`). */
function readmeCommands(): string[][] {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('### Users (`users import-dms`'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .trim()
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/))
    .map((words) => {
      expect(words.slice(0, 2)).toEqual(['npx', 'channel-desk']);
      return words.slice(2);
    });
}

let dir: string;
let dms: FakeDms;
let feishu: FakeServer;

/** 105 DMS users (two ListUsers pages of 100): u1…u105 with e-mails, u7 a DBA, u9 without contact data. */
const dmsUsers: FakeDmsUser[] = Array.from({ length: 105 }, (_, i) => {
  const n = i + 1;
  return {
    userId: String(n),
    uid: `2000000000${String(n).padStart(5, '0')}`,
    nickName: `User ${n}`,
    ...(n === 9 ? {} : { email: `u${n}@example.com` }),
    ...(n === 7 ? { roles: ['USER', 'DBA'] } : {}),
  };
});
const uidOf = (n: number) => `2000000000${String(n).padStart(5, '0')}`;

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  return runCliToEnd({ argv: [...args, '--data-dir', dir, '--lang', 'en'], root: dir });
}

beforeEach(async () => {
  // u1…u50 are in the Feishu organization (u9 has no e-mail in DMS, so 49 are found); the others are not.
  feishu = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: APP_SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
        users: Array.from({ length: 50 }, (_, i) => ({ id: `f${i + 1}`, email: `u${i + 1}@example.com` })),
      },
    ],
  });
  dms = await startFakeDms({
    tid: 3000,
    keys: [
      { id: 'LTAIusers', secret: AK_SECRET, actions: '*' },
      { id: 'LTAInolist', secret: AK_SECRET, actions: ['ListOrders'] },
    ],
    users: dmsUsers,
  });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-users-cli-'));
  const s = await createAppServices({ dataDir: dir, mode: 'cli' });
  s.settings.update((cur) => ({
    ...cur,
    channels: {
      ...cur.channels,
      feishu: { ...cur.channels.feishu, enabled: true, region: 'cn-hangzhou', values: { appId: APP }, baseUrls: { apiBaseUrl: feishu.baseUrl } },
    },
  }));
  await s.vault.set('channel/feishu/appSecret', APP_SECRET);
  await saveConnection(s, { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIusers', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });
  await s.close();
});

afterEach(async () => {
  const s = await createAppServices({ dataDir: dir, mode: 'cli' });
  await s.vault.delete('channel/feishu/appSecret');
  await s.vault.delete('dms/accessKeySecret');
  await s.close();
  await dms.close();
  await feishu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('channel-desk users (README commands, as written)', () => {
  it('import-dms pages through ListUsers, looks everyone up, keeps hand edits, reports who left; list and resolve', async () => {
    const [importAll, importRole, list, resolve] = readmeCommands();

    const first = await cli(...importAll!);
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe('Imported from DMS: listed 104 · added 104 · updated 0 · unchanged 0 · kept hand edits 0');
    expect(first.out).toContain('Looked up (Feishu): found 49 · not found 55 · failed 0');
    expect(first.out).toContain(`Not imported (no mobile or e-mail in DMS): ${uidOf(9)} User 9`);
    const pages = dms.requests.filter((r) => r.action === 'ListUsers');
    expect(pages.map((r) => [r.params.PageNumber, r.params.PageSize, r.params.UserState, r.params.Tid])).toEqual([
      ['1', '100', 'NORMAL', '3000'],
      ['2', '100', 'NORMAL', '3000'],
    ]);

    const listed = await cli(...list!);
    expect(listed.code).toBe(0);
    const dir1 = JSON.parse(listed.out[0]!) as {
      users: { uid: string; email: string; resolutions: { feishu?: { status: string; platformUserId: string | null } } }[];
    };
    expect(dir1.users).toHaveLength(104);
    expect(dir1.users.find((u) => u.uid === uidOf(1))!.resolutions.feishu).toMatchObject({ status: 'found', platformUserId: openIdFor(APP, 'f1') });
    expect(dir1.users.find((u) => u.uid === uidOf(60))!.resolutions.feishu).toMatchObject({ status: 'not_found', platformUserId: null });

    // An admin edits u1 by hand; DMS changes u2 and drops u3.
    const s = await createAppServices({ dataDir: dir, mode: 'cli' });
    s.directory.upsert({ uid: uidOf(1), name: 'Hand Edited', mobile: '', email: 'u1@example.com' });
    await s.close();
    dms.addUser({ ...dmsUsers[1]!, nickName: 'User 2 renamed' });
    dms.removeUser('3');
    const second = await cli(...importAll!);
    expect(second.code).toBe(0);
    expect(second.out[0]).toBe('Imported from DMS: listed 103 · added 0 · updated 1 · unchanged 101 · kept hand edits 1');
    expect(second.out).toContain(`No longer in DMS (kept, not deleted): ${uidOf(3)} User 3`);

    // Only DBAs, overwriting hand edits: u7 is unchanged, nothing is called gone (other roles are not listed).
    const dba = await cli(...importRole!);
    expect(dba.code).toBe(0);
    expect(dba.out[0]).toBe('Imported from DMS: listed 1 · added 0 · updated 0 · unchanged 1 · kept hand edits 0');
    expect(dba.out.some((l) => l.startsWith('No longer in DMS'))).toBe(false);
    expect(dms.requests.filter((r) => r.action === 'ListUsers').at(-1)!.params.Role).toBe('DBA');
    expect((await cli('users', 'import-dms', '--overwrite')).out[0]).toBe(
      'Imported from DMS: listed 103 · added 0 · updated 1 · unchanged 102 · kept hand edits 0',
    );

    const again = await cli(...resolve!);
    expect(again.code).toBe(0);
    expect(again.out.at(-1)).toBe('104 user(s).');
    expect(again.out.find((l) => l.startsWith(uidOf(1)))).toMatch(/found/);

    // The table form.
    const table = await cli('users', 'list');
    expect(table.out[0]).toMatch(/^uid\s+name\s+mobile\s+e-mail\s+Feishu$/);
  });

  it('import-dms checks each DMS row like the Users form: bad rows are skipped and reported (escaped, shortened), good ones imported', async () => {
    const bad: FakeDmsUser[] = [
      { userId: 'b1', uid: '3000000001', nickName: 'N'.repeat(65_536), email: 'b1@example.com' },
      { userId: 'b2', uid: '9'.repeat(5_000), nickName: 'Long Uid', email: 'b2@example.com' },
      { userId: 'b3', uid: 'chat:oc_team', nickName: 'Chat Uid', email: 'b3@example.com' },
      { userId: 'b4', uid: '../../etc', nickName: 'Dots', email: 'b4@example.com' },
      { userId: 'b5', uid: '3000000005', nickName: '\u001b[31mRed\u0000\u202eevil\r\nline', email: 'b5@example.com' },
    ];
    for (const u of bad) dms.addUser(u);
    const run = await cli('users', 'import-dms');
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe('Imported from DMS: listed 104 · added 104 · updated 0 · unchanged 0 · kept hand edits 0');
    const skipped = run.out.filter((l) => l.startsWith('Not imported (invalid in DMS'));
    expect(skipped).toHaveLength(5);
    expect(skipped.find((l) => l.includes('3000000001'))).toMatch(/`name` must be at most 200 characters long\.\): 3000000001 N{64}…$/);
    expect(skipped.find((l) => l.includes('Long Uid'))).toContain(`${'9'.repeat(64)}… Long Uid`);
    expect(skipped.find((l) => l.includes('Chat Uid'))).toContain('cannot start with "chat:"');
    expect(skipped.find((l) => l.includes('Dots'))).toContain('no / or \\');
    // Control characters reach the terminal as visible escapes, never raw.
    expect(skipped.find((l) => l.includes('3000000005'))).toContain('3000000005 \\u{1b}[31mRed\\u{0}\\u{202e}evil\\u{d}\\u{a}line');
    expect(run.out.filter((l) => UNSAFE_TEXT.test(l))).toEqual([]);

    const listed = JSON.parse((await cli('users', 'list', '--json')).out[0]!) as { users: { uid: string }[] };
    expect(listed.users).toHaveLength(104);
    expect(listed.users.some((u) => u.uid.startsWith('3000') || u.uid.startsWith('chat:') || u.uid.startsWith('..') || u.uid.length > 200)).toBe(false);
  });

  it('exits 1 with the reason when DMS refuses, and when a channel cannot be asked; bad usage exits 2', async () => {
    const s = await createAppServices({ dataDir: dir, mode: 'cli' });
    await saveConnection(s, { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAInolist', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });
    await s.close();
    const refused = await cli('users', 'import-dms');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/ListUsers/);
    expect(refused.out).toEqual([]);

    const s2 = await createAppServices({ dataDir: dir, mode: 'cli' });
    await saveConnection(s2, { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIusers', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });
    await s2.close();
    feishu.setSecret(APP, 'rotated-secret-0000000000');
    const noChannel = await cli('users', 'import-dms');
    expect(noChannel.code).toBe(1);
    expect(noChannel.out[0]).toMatch(/^Imported from DMS: listed 104 · added 104/);
    expect(noChannel.err[0]).toMatch(/^Feishu: /);

    expect((await cli('users', 'import-dms', '--role', 'BOSS')).code).toBe(1);
    expect((await cli('users', 'frobnicate')).code).toBe(1);
    expect((await cli('users', 'list', '--bogus')).code).toBe(2);
  });
});
