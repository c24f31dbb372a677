import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../electron/cli/command.js';
import { inboxUrlCommand } from '../../electron/cli/commands/inbox-url.js';
import { notifyCommand } from '../../electron/cli/commands/notify.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { dmsBody } from './delivery-harness.js';
import { AppError } from '../../shared/errors.js';
import { formatError } from '../../electron/global-options.js';

let dir: string;
let out: string[];
let err: string[];
const io = (): CliIO => ({ out: (l) => out.push(l), err: (l) => err.push(l), lang: 'en-US', signal: new AbortController().signal });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('channel-desk notify / inbox-url', () => {
  it('queues a webhook body from a file once; the same file again is a duplicate', async () => {
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(dmsBody({ taskId: '555' })));
    expect(await notifyCommand.run(['--file', file, '--json'], { dataDir: dir }, io())).toBe(0);
    const first = JSON.parse(out[0]!) as { eventId: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(await notifyCommand.run(['--file', file, '--json'], { dataDir: dir }, io())).toBe(0);
    expect(JSON.parse(out[1]!)).toMatchObject({ eventId: first.eventId, duplicate: true });
    const outbox = Outbox.open(dir);
    try {
      expect(outbox.log.getEvent(first.eventId)?.taskId).toBe('555');
      expect(outbox.log.getEvent(first.eventId)?.source).toBe('cli');
    } finally {
      outbox.close();
    }
  });

  it('builds the event from flags, and refuses a bad body with the field named', async () => {
    const args = ['--category', '工单', '--module', '数据变更', '--event', '执行失败', '--task-id', '9', '--submitter', '2001:Zhang', '--receiver', '3001:Li'];
    expect(await notifyCommand.run(args, { dataDir: dir }, io())).toBe(0);
    expect(out[0]).toMatch(/^Queued: /);
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...dmsBody(), category: 42 }));
    const refused = await notifyCommand.run(['--file', file], { dataDir: dir }, io()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    // What the admin reads: the error and, under it, the field in words.
    const printed = formatError(refused as AppError, 'en-US').join('\n');
    expect(printed).toContain('[BAD_INPUT]');
    expect(printed).toContain('event.category');
    expect(await notifyCommand.run([], { dataDir: dir }, io())).toBe(2);
  });

  it('inbox-url prints the full URL with the per-install token, stable across calls', async () => {
    await expect(inboxUrlCommand.run([], { dataDir: dir }, io())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await inboxUrlCommand.run(['--origin', 'http://10.0.0.5:4871/'], { dataDir: dir }, io())).toBe(0);
    expect(await inboxUrlCommand.run(['--origin', 'http://10.0.0.5:4871'], { dataDir: dir }, io())).toBe(0);
    expect(out[0]).toMatch(/^http:\/\/10\.0\.0\.5:4871\/hooks\/dms\/[A-Za-z0-9_-]{32}$/);
    expect(out[1]).toBe(out[0]);
  });
});
