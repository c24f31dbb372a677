import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsServing, startCli, testUiDir } from '../fixtures/cli-run.js';
import { peerCommonName, selfSigned } from '../fixtures/tls.js';
import { waitFor } from '../fixtures/wait-for.js';

let dir: string;
let uiDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-serve-inbox-'));
  uiDir = testUiDir(dir, 'renderer');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INBOX = 'DMS webhook inbox: ';

function start(argv: string[]) {
  const run = startCli({ argv, root: dir, commands: commandsServing(uiDir) });
  const inboxLine = run.line((l) => l.startsWith(INBOX)).then((l) => l.slice(INBOX.length));
  inboxLine.catch(() => undefined); // runs meant to fail never print it; only tests that await it see the rejection
  return { ...run, inboxLine };
}

describe('channel-desk serve --inbox-tls-cert/--inbox-tls-key', () => {
  it('serves the inbox over HTTPS and reloads the certificate on SIGHUP', async () => {
    const first = selfSigned(dir, 'serve-first');
    const second = selfSigned(dir, 'serve-second');
    const cert = path.join(dir, 'inbox.crt');
    const key = path.join(dir, 'inbox.key');
    copyFileSync(first.certFile, cert);
    copyFileSync(first.keyFile, key);
    const run = start([
      'serve',
      '--data-dir',
      path.join(dir, 'data-tls'),
      '--inbox-host',
      '127.0.0.1',
      '--inbox-port',
      '0',
      '--inbox-tls-cert',
      cert,
      '--inbox-tls-key',
      key,
    ]);
    const inbox = new URL(await run.inboxLine);
    expect(inbox.protocol).toBe('https:');
    expect(await peerCommonName(Number(inbox.port))).toBe('serve-first');

    copyFileSync(second.certFile, cert);
    copyFileSync(second.keyFile, key);
    process.kill(process.pid, 'SIGHUP');
    await waitFor(() => run.err.some((l) => l.includes('certificate reloaded')), 'the reload message');
    expect(await peerCommonName(Number(inbox.port))).toBe('serve-second');

    run.stop();
    expect(await run.exit).toBe(0);
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  it('warns at start when the inbox listens beyond loopback without TLS', async () => {
    const run = start(['serve', '--data-dir', path.join(dir, 'data-plain'), '--inbox-host', '0.0.0.0', '--inbox-port', '0']);
    expect(new URL(await run.inboxLine).protocol).toBe('http:');
    expect(run.err.join('\n')).toContain('without TLS');
    run.stop();
    expect(await run.exit).toBe(0);

    const local = start(['serve', '--data-dir', path.join(dir, 'data-local'), '--inbox-host', '127.0.0.1', '--inbox-port', '0']);
    await local.inboxLine;
    expect(local.err.join('\n')).not.toContain('without TLS');
    local.stop();
    expect(await local.exit).toBe(0);
  });

  it('refuses only one of the two TLS files (exit 2) and an unreadable one (exit 1, named)', async () => {
    const half = start(['serve', '--data-dir', path.join(dir, 'data-half'), '--inbox-host', '127.0.0.1', '--inbox-port', '0', '--inbox-tls-cert', 'x.crt']);
    expect(await half.exit).toBe(2);
    expect(half.err.join('\n')).toContain('go together');

    const missing = start([
      'serve',
      '--data-dir',
      path.join(dir, 'data-missing'),
      '--inbox-host',
      '127.0.0.1',
      '--inbox-port',
      '0',
      '--inbox-tls-cert',
      'nope.crt',
      '--inbox-tls-key',
      'nope.key',
    ]);
    expect(await missing.exit).toBe(1);
    expect(missing.err.join('\n')).toContain('nope.crt');
  });
});

describe('channel-desk serve and SIGHUP', () => {
  it('keeps serving after SIGHUP when the inbox has no TLS certificate (nothing to reload)', async () => {
    // A real process: an unhandled SIGHUP ends it (in this test's own process it would end the test runner).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/cli-entry.ts', 'serve', '--port', '0', '--data-dir', path.join(dir, 'data-hup')],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, CHANNEL_DESK_TEST_UI_DIR: uiDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const err: string[] = [];
    child.stderr.setEncoding('utf8').on('data', (d: string) => err.push(d));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', (l) => resolve((JSON.parse(l) as { port: number }).port));
        void exited.then((how) => reject(new Error(`serve exited (${how}) before ready:\n${err.join('')}`)));
      });
      const healthz = `http://127.0.0.1:${port}/healthz`;
      expect((await fetch(healthz)).status).toBe(200);
      child.kill('SIGHUP');
      await waitFor(() => err.join('').includes('SIGHUP') || child.exitCode !== null || child.signalCode !== null, 'the SIGHUP message');
      expect(child.signalCode).toBeNull();
      expect(err.join('')).toContain('SIGHUP received: no inbox TLS certificate to reload; still serving.');
      expect((await fetch(healthz)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
