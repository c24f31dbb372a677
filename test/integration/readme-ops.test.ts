import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/services/app.js';
import { explain } from '../../electron/services/platforms/explain.js';
import { channelHealthSchema, healthSummarySchema } from '../../shared/contract/health.js';
import { commandsServing, startCli, testUiDir, type CliRun } from '../fixtures/cli-run.js';
import { freePorts } from '../fixtures/ports.js';
import { deliveryError, seedEvent, type SeedDelivery } from './outbox-seed.js';

/**
 * Every block of README.md's "Running on a server" section, run as written. The only substitutions:
 * the data folder and passphrase file paths (temporary ones), the two ports (free ones) and the
 * program path of ExecStart (this checkout's CLI, in-process).
 */
const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## Running on a server'), README.indexOf('\n## ', README.indexOf('## Running on a server') + 5));
const BLOCKS = [...SECTION.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
const PASSPHRASE = 'readme-ops-passphrase-0123';
const savedEnv = { ...process.env };
let root: string;

/** One CLI invocation exactly as typed (`npx channel-desk ...`), with the given environment. */
function cli(line: string, env: NodeJS.ProcessEnv, uiDir: string, onOut?: (l: string) => void): CliRun {
  const argv = line.replace(/^npx channel-desk /, '').split(/\s+/);
  return startCli({ argv, root, env, commands: commandsServing(uiDir), ...(onOut ? { onOut } : {}) });
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cd-readme-ops-'));
  testUiDir(root);
});
afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  rmSync(root, { recursive: true, force: true });
});

describe('README: Running on a server', () => {
  it('has the blocks this test runs, in order', () => {
    expect(BLOCKS.map((b) => b.lang)).toEqual(['sh', 'json', 'ini', 'sh', 'yaml']);
  });

  it('status / deliveries commands: exit codes and output against a data folder with known state', async () => {
    const dataDir = path.join(root, 'cli-data');
    const env = { CHANNEL_DESK_DATA_DIR: dataDir, CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: PASSPHRASE, LANG: 'en_US.UTF-8' };
    Object.assign(process.env, env);
    // 41 sent deliveries, then delivery 42 and 43: dead letters the platform refused (recipients known).
    const services = await createAppServices({ dataDir, mode: 'cli' });
    const now = Date.now();
    const deliveries: SeedDelivery[] = Array.from({ length: 41 }, (_, i) => ({ channel: 'feishu', uid: `s${i}`, attempts: [{ at: now - 60_000, ok: true }] }));
    for (const uid of ['d1', 'd2'])
      deliveries.push({
        channel: 'feishu',
        uid,
        attempts: [{ at: now - 30_000, ok: false, error: deliveryError('230013', { retryable: false }), dead: true }],
      });
    const { ids } = seedEvent(services.delivery.outbox, now - 60_000, deliveries);
    await services.close();
    expect(ids.slice(-2)).toEqual([42, 43]);

    const lines = BLOCKS[0]!.body.trim().split('\n');
    const results: { line: string; code: number; out: string[]; err: string[] }[] = [];
    for (const line of lines) {
      const r = cli(line, env, path.join(root, 'ui'));
      results.push({ line, code: await r.exit, out: r.out, err: r.err });
    }
    expect(results.map((r) => [r.line, r.code])).toEqual([
      ['npx channel-desk status', 1],
      ['npx channel-desk status --json', 1],
      ['npx channel-desk deliveries list --state dead', 0],
      ['npx channel-desk deliveries list --state dead --json', 0],
      ['npx channel-desk deliveries retry 42', 0],
      ['npx channel-desk deliveries retry --all-dead', 0],
    ]);
    expect(results[0]!.out[0]).toBe('Channel Desk: degraded: something needs the admin');
    const summary = healthSummarySchema.parse(JSON.parse(results[1]!.out[0]!));
    expect(summary.queue.deadLetters).toBe(2);
    // 230013 (outside the app's availability) is the recipients' problem, not the channel's.
    expect(summary.channels.find((c) => c.channel === 'feishu')).toMatchObject({ state: 'disabled', lastError: null, deadLetters: 2, recipientProblems: 2 });
    expect(results[2]!.out).toHaveLength(2);
    expect(results[2]!.out[0]).toMatch(/^ {4}4[23] {2}dead/);
    expect((JSON.parse(results[3]!.out[0]!) as { id: number }[]).map((d) => d.id).sort()).toEqual([42, 43]);
    expect(results[4]!.out).toEqual(['Queued again: 1. A running Channel Desk sends them within seconds.']);
    expect(results[5]!.out).toEqual(['Queued again: 1. A running Channel Desk sends them within seconds.']);
  });

  it('the status --json example is one channel of the real shape, with the real explanation of a wrong Feishu secret', () => {
    const example = channelHealthSchema.strict().parse(JSON.parse(BLOCKS[1]!.body));
    const e = explain('feishu', example.lastError!.code);
    expect(example).toMatchObject({ state: 'failing', recipientProblems: 0 });
    expect(example.lastError!.explanation).toEqual({ en: `${e.message.en} ${e.fix.en}`, zh: `${e.message.zh}${e.fix.zh}` });
  });

  it('the systemd unit starts serve; the curl lines and the Prometheus target answer', async () => {
    const unit = BLOCKS[2]!.body;
    const [apiPort, metricsPort] = (await freePorts(2)) as [number, number];
    const dataDir = path.join(root, 'var-lib-channel-desk');
    const passFile = path.join(root, 'vault-passphrase');
    writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const substitute = (s: string): string =>
      s
        .replaceAll('/var/lib/channel-desk', dataDir)
        .replaceAll('/etc/channel-desk/vault-passphrase', passFile)
        .replaceAll('4870', String(apiPort))
        .replaceAll('9464', String(metricsPort));
    const environment = Object.fromEntries([...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, substitute(m[2]!)]));
    expect(Object.keys(environment)).toEqual(['CHANNEL_DESK_DATA_DIR', 'CHANNEL_DESK_VAULT', 'CHANNEL_DESK_VAULT_PASSPHRASE_FILE']);
    const exec = /^ExecStart=\/usr\/bin\/node \/opt\/channel-desk\/bin\/channel-desk\.js (.*)$/m.exec(unit);
    expect(exec).not.toBeNull();
    for (const k of ['CHANNEL_DESK_VAULT_PASSPHRASE', 'CHANNEL_DESK_DATA_DIR']) delete process.env[k];
    Object.assign(process.env, environment);

    let onLine = (_l: string): void => undefined;
    const serve = cli(`npx channel-desk ${substitute(exec![1]!)}`, { ...environment, LANG: 'en_US.UTF-8' }, path.join(root, 'ui'), (l) => onLine(l));
    try {
      await new Promise<void>((resolve, reject) => {
        onLine = (l) => {
          if (l.startsWith('Prometheus metrics: ')) resolve();
        };
        void serve.exit.then((code) => reject(new Error(`serve exited ${code}: ${serve.err.join('\n')}`)));
      });
      expect(JSON.parse(serve.out[0]!)).toMatchObject({ event: 'ready', port: apiPort });
      expect(serve.out).toContain(`Prometheus metrics: http://127.0.0.1:${metricsPort}/metrics`);

      const sh = promisify(execFile);
      const [healthz, metrics] = BLOCKS[3]!.body.trim().split('\n').map(substitute);
      expect((await sh('sh', ['-c', healthz!])).stdout).toBe('ok\n');
      const scraped = (await sh('sh', ['-c', metrics!])).stdout;
      expect(scraped).toContain('channel_desk_queue_depth 0');
      expect(scraped).toContain('channel_desk_deliveries{channel="feishu",state="sent"} 0');
      expect(scraped).toContain('channel_desk_channel_state{channel="feishu",state="disabled"} 1');
      expect(scraped).toContain('channel_desk_channel_recipient_problems{channel="feishu"} 0');

      const targets = [...BLOCKS[4]!.body.matchAll(/targets: \['([^']+)'\]/g)].map((m) => substitute(m[1]!));
      expect(targets).toEqual([`127.0.0.1:${metricsPort}`]);
      const res = await fetch(`http://${targets[0]}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(scraped);
    } finally {
      serve.stop();
      await serve.exit;
    }
  });
});
