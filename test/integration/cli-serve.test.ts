import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadyEvent } from '../../electron/cli/commands/serve.js';
import { commandsServing, ready as readyOf, runCliToEnd, startCli, testUiDir } from '../fixtures/cli-run.js';

let dir: string;
let uiDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-serve-'));
  uiDir = testUiDir(dir, 'renderer');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `channel-desk <argv>` in-process with the serve command pointed at a test UI folder. */
function start(argv: string[], ui = uiDir, stdoutIsTTY = true) {
  const run = startCli({ argv, root: dir, commands: commandsServing(ui, stdoutIsTTY) });
  const ready = readyOf(run);
  // Runs that are meant to fail never become ready; only tests that await `ready` see the rejection.
  ready.catch(() => undefined);
  return { ...run, ready };
}

describe('channel-desk serve', () => {
  it('prints the ready JSON line first, then the UI URL; serves until stopped', async () => {
    const run = start(['serve', '--port', '0', '--data-dir', path.join(dir, 'data')]);
    const ready = await run.ready;
    expect(Object.keys(ready)).toEqual(['event', 'url', 'port', 'token']);
    expect(ready.event).toBe('ready');
    expect(ready.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}/#token=${ready.token}`);
    expect(run.out[1]).toBe(`Channel Desk UI: ${ready.url}`);

    const page = await fetch(`http://127.0.0.1:${ready.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Channel Desk</title>');
    const noToken = await fetch(`http://127.0.0.1:${ready.port}/api/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);

    run.stop();
    expect(await run.exit).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ready.port}/`)).rejects.toThrow();
  });

  it('keeps the token of CHANNEL_DESK_API_TOKEN across restarts, and refuses a weak one', async () => {
    const fixed = 'fixed-token-for-restarts_0123456789abcdefXYZ';
    const before = process.env['CHANNEL_DESK_API_TOKEN'];
    try {
      process.env['CHANNEL_DESK_API_TOKEN'] = fixed;
      for (let i = 0; i < 2; i++) {
        const run = start(['serve', '--data-dir', path.join(dir, 'data-fixed-token')]);
        expect((await run.ready).token).toBe(fixed);
        run.stop();
        expect(await run.exit).toBe(0);
      }
      process.env['CHANNEL_DESK_API_TOKEN'] = 'short';
      const weak = start(['serve', '--data-dir', path.join(dir, 'data-fixed-token')]);
      expect(await weak.exit).toBe(1);
      expect(weak.err.join('\n')).toContain('CHANNEL_DESK_API_TOKEN must be 32 to 256');
    } finally {
      if (before === undefined) delete process.env['CHANNEL_DESK_API_TOKEN'];
      else process.env['CHANNEL_DESK_API_TOKEN'] = before;
    }
  });

  it('off a terminal, prints the token redacted and, with --token-file, writes it in full to a 0600 file removed at exit', async () => {
    const piped = start(['serve', '--data-dir', path.join(dir, 'data-piped')], uiDir, false);
    const redacted = await piped.ready;
    expect(redacted.token).toMatch(/^[A-Za-z0-9_-]{4}…$/);
    expect(redacted.url).toBe(`http://127.0.0.1:${redacted.port}/#token=${redacted.token}`);
    expect(piped.err.join('\n')).toContain('--token-file');
    // The inbox URL's path token is a secret too: redacted here, in full from `channel-desk inbox-url`.
    const inboxLine = await piped.line((l) => l.startsWith('DMS webhook inbox: '));
    expect(inboxLine).toMatch(/\/hooks\/dms\/[A-Za-z0-9_-]{4}…$/);
    expect(piped.err.join('\n')).toContain('channel-desk inbox-url');
    piped.stop();
    expect(await piped.exit).toBe(0);
    const inboxToken = await runCliToEnd({ argv: ['inbox-url', '--data-dir', path.join(dir, 'data-piped')], root: dir });
    expect(inboxToken.code).toBe(0);
    const fullInboxToken = /\/hooks\/dms\/([A-Za-z0-9_-]+)$/.exec(inboxToken.out.join('\n'))?.[1] ?? '';
    expect(fullInboxToken.length).toBeGreaterThan(20);
    expect(piped.out.join('\n') + piped.err.join('\n')).not.toContain(fullInboxToken);

    const tokenFile = path.join(dir, 'serve-token.json');
    writeFileSync(tokenFile, 'stale, world-readable', { mode: 0o644 });
    const run = start(['serve', '--data-dir', path.join(dir, 'data-token-file'), '--token-file', tokenFile], uiDir, false);
    const shown = await run.ready;
    const full = JSON.parse(readFileSync(tokenFile, 'utf8')) as ReadyEvent;
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(full.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(shown.token).toBe(`${full.token.slice(0, 4)}…`);
    expect(run.out.join('\n') + run.err.join('\n')).not.toContain(full.token);
    const api = await fetch(`http://127.0.0.1:${full.port}/api/app.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${full.token}` },
      body: '{}',
    });
    expect(api.status).toBe(200);
    run.stop();
    expect(await run.exit).toBe(0);
    expect(existsSync(tokenFile)).toBe(false);
  });

  it('uses a fresh token on every start', async () => {
    const a = start(['serve', '--data-dir', path.join(dir, 'data-a')]);
    const b = start(['serve', '--data-dir', path.join(dir, 'data-b')]);
    const [ra, rb] = await Promise.all([a.ready, b.ready]);
    expect(ra.token).not.toBe(rb.token);
    expect(ra.port).not.toBe(rb.port);
    a.stop();
    b.stop();
    expect(await Promise.all([a.exit, b.exit])).toEqual([0, 0]);
  });

  it('refuses a non-loopback --host and says why (exit 1, no stack)', async () => {
    const run = start(['serve', '--host', '0.0.0.0', '--data-dir', path.join(dir, 'data')]);
    expect(await run.exit).toBe(1);
    expect(run.err[0]).toMatch(/^Error \[FORBIDDEN\]: Refusing to serve the API on 0\.0\.0\.0: it is loopback-only/);
    expect(run.err.join('\n')).toContain('Fix: ');
    expect(run.out).toEqual([]);
  });

  it('says to run npm run build when the UI is missing', async () => {
    const run = start(['serve', '--data-dir', path.join(dir, 'data')], path.join(dir, 'nope'));
    expect(await run.exit).toBe(1);
    expect(run.err.join('\n')).toContain('npm run build');
  });

  it('refuses a bad port with exit 2', async () => {
    for (const port of ['70000', 'abc', '-1', '1.5']) {
      const run = start(['serve', '--port', port, '--data-dir', path.join(dir, 'data')]);
      expect(await run.exit, port).toBe(2);
    }
  });

  it('refuses unknown options with exit 2 and the usage', async () => {
    const run = start(['serve', '--bogus', '--data-dir', path.join(dir, 'data')]);
    expect(await run.exit).toBe(2);
    expect(run.err.join('\n')).toContain('Usage: channel-desk serve');
  });

  it('reports a port in use as CONFLICT with a fix', async () => {
    const first = start(['serve', '--data-dir', path.join(dir, 'data-c')]);
    const ready = await first.ready;
    const second = start(['serve', '--port', String(ready.port), '--data-dir', path.join(dir, 'data-d')]);
    expect(await second.exit).toBe(1);
    expect(second.err[0]).toContain(`Port ${ready.port} is already in use`);
    first.stop();
    expect(await first.exit).toBe(0);
  });
});
