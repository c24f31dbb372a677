/**
 * README.md as a test: every fenced ```sh / ```json block is matched to an executor by its content and
 * run exactly as written, in README order, against the fake platforms. Only the platforms' public hosts
 * are replaced by the fakes' URLs, `serve --port N` listens on a free port, and the default data folder
 * is a temporary one. A block (or a command
 * line) that no executor recognises is an error naming it, so README and code cannot drift apart.
 *
 * A new README block: `npx channel-desk <command> …` lines run as they are but need an entry in CHECKS
 * (what the command must show); any other command needs a LINE_EXECUTOR, any other JSON a JSON_EXECUTOR.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServeCommand, type ReadyEvent } from '../../electron/cli/commands/serve.js';
import { COMMANDS } from '../../electron/cli/commands.js';
import { runCli } from '../../electron/cli/main.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { configFileSchema, type ConfigFile } from '../../shared/config-file.js';
import type { FakeChat, FakeServer, FakeUser } from '../fakes/common.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, startFeishuFake } from '../fakes/feishu.js';
import { waitFor } from './delivery-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const README = path.join(REPO_ROOT, 'README.md');

export interface ReadmeBlock {
  /** Info string of the fence: `sh`, `json`, or '' for a plain block. */
  readonly lang: string;
  /** 1-based line of the opening fence in README.md. */
  readonly line: number;
  /** The nearest heading above the block. */
  readonly heading: string;
  readonly text: string;
}

export const describeBlock = (b: ReadmeBlock): string => `README.md:${b.line} (${b.lang || 'plain'} block under "${b.heading}")`;

export function readmeBlocks(markdown = fs.readFileSync(README, 'utf8')): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    const open = /^```(\S*)\s*$/.exec(line);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !/^```\s*$/.test(lines[i]!)) body.push(lines[i]!);
    blocks.push({ lang: open[1] ?? '', line: start + 1, heading, text: body.join('\n') });
  }
  return blocks;
}

/** Fence languages that must be executed; anything else must not look like a command. */
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
const JSON_LANGS = new Set(['json', 'jsonc']);
const LOOKS_LIKE_COMMAND = /^\s*(\$ )?(npx |channel-desk |curl |bash |npm |node )/m;

/** One command line of a sh block: words (simple quotes honoured) without the trailing `# comment`. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /\s*(?:'([^']*)'|"([^"]*)"|(#.*$)|(\S+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null && m[0] !== '') {
    if (m[3] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  return words;
}

export const commandLines = (b: ReadmeBlock): { line: number; words: string[] }[] =>
  b.text
    .split('\n')
    .map((text, i) => ({ line: b.line + 1 + i, words: shellWords(text) }))
    .filter((l) => l.words.length > 0);

// ---------------------------------------------------------------------------------------------------
// The world the README runs in: fake platforms built from the README's own values.

export interface ReadmeWorld {
  /** Working directory of every command; `./data` in it is the data folder. */
  readonly dir: string;
  readonly dataDir: string;
  readonly feishu: FakeServer;
  readonly lark: FakeServer;
  readonly dingtalk: FakeServer;
  readonly dms: FakeDms;
  /** The README's configuration example as written. */
  readonly config: ConfigFile;
  /** Fake platform user id of each README user (by uid) and of each `--to` address. */
  readonly fakeUserOf: Map<string, string>;
  close(): Promise<void>;
}

const PUBLIC_HOSTS = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
  dingtalkApi: 'https://api.dingtalk.com',
  dingtalkOapi: 'https://oapi.dingtalk.com',
  dms: /https:\/\/dms-enterprise\.[a-z0-9-]+\.aliyuncs\.com/g,
} as const;

/** The README text with the platforms' public hosts replaced by the fakes' URLs (nothing else). */
export function substituteHosts(text: string, w: Pick<ReadmeWorld, 'feishu' | 'lark' | 'dingtalk' | 'dms'>): string {
  return text
    .replaceAll(PUBLIC_HOSTS.feishu, w.feishu.baseUrl)
    .replaceAll(PUBLIC_HOSTS.lark, w.lark.baseUrl)
    .replaceAll(PUBLIC_HOSTS.dingtalkApi, w.dingtalk.baseUrl)
    .replaceAll(PUBLIC_HOSTS.dingtalkOapi, w.dingtalk.baseUrl)
    .replace(PUBLIC_HOSTS.dms, w.dms.endpoint);
}

/** The README's configuration example, found by content (the JSON block with `"version"`). */
export function readmeConfig(blocks: readonly ReadmeBlock[]): ConfigFile {
  const found = blocks.filter((b) => JSON_LANGS.has(b.lang) && isConfigFile(parseJson(b)));
  if (found.length !== 1) throw new Error(`README.md must hold exactly one configuration example, found ${found.length}`);
  return configFileSchema.parse(parseJson(found[0]!));
}

const parseJson = (b: ReadmeBlock): unknown => {
  try {
    return JSON.parse(b.text);
  } catch (err) {
    throw new Error(`${describeBlock(b)} is not valid JSON: ${(err as Error).message}`);
  }
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isConfigFile = (v: unknown): boolean => isRecord(v) && 'version' in v;
const isDmsEvent = (v: unknown): boolean => isRecord(v) && (isRecord(v.messageEvent) || ('category' in v && 'event' in v));

/** Starts the fakes with the apps, users and AccessKey the README's own examples name. */
export async function startReadmeWorld(blocks: readonly ReadmeBlock[]): Promise<ReadmeWorld> {
  const config = readmeConfig(blocks);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-readme-'));
  const fakeUserOf = new Map<string, string>();
  const users: FakeUser[] = [];
  for (const [i, u] of (config.users ?? []).entries()) {
    const id = `readme-user-${i + 1}`;
    users.push({ id, ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}) });
    fakeUserOf.set(u.uid, id);
  }
  // People the README's commands address directly (`test feishu --to admin@example.com`).
  for (const b of blocks.filter((x) => SHELL_LANGS.has(x.lang))) {
    for (const { words } of commandLines(b)) {
      const at = words.indexOf('--to');
      const to = at >= 0 ? words[at + 1] : undefined;
      if (!to) continue;
      let user = users.find((u) => u.email === to || u.mobile === to);
      if (!user) {
        user = { id: `readme-to-${users.length + 1}`, ...(to.includes('@') ? { email: to } : { mobile: to }) };
        users.push(user);
      }
      fakeUserOf.set(to, user.id);
    }
  }
  const ch = config.channels ?? {};
  // The groups the README's rules post to exist on the fakes, with the app's bot in them.
  const chatsOf = (protocol: 'feishu' | 'dingtalk'): FakeChat[] =>
    (config.rules ?? [])
      .flatMap((r) => r.chats ?? [])
      .filter((c) => (protocol === 'feishu' ? c.chatId.startsWith('oc_') : c.chatId.startsWith('cid')))
      .map((c) => ({ chatId: c.chatId, name: c.name }));
  const feishuApp = (entry: unknown) => {
    const c = entry as { appId?: string; appSecret?: string } | undefined;
    return c?.appId && c.appSecret
      ? [
          {
            appId: c.appId,
            secret: c.appSecret,
            scopes: [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0], FEISHU_SCOPES.chats[0]],
            users,
            chats: chatsOf('feishu'),
          },
        ]
      : [];
  };
  const feishu = await startFeishuFake({ apps: feishuApp(ch.feishu) });
  const lark = await startFeishuFake({ platform: 'lark', apps: feishuApp(ch.lark).map((a) => ({ ...a, platform: 'lark' as const })) });
  const dt = ch.dingtalk as { appKey?: string; appSecret?: string } | undefined;
  const dingtalk = await startDingtalkFake({
    apps:
      dt?.appKey && dt.appSecret
        ? [{ appId: dt.appKey, secret: dt.appSecret, scopes: Object.values(DINGTALK_SCOPES).flat(), users, chats: chatsOf('dingtalk') }]
        : [],
  });
  const d = config.dms;
  const dms = await startFakeDms({
    tid: d?.tid ?? 3000,
    keys: d?.accessKeyId && d.accessKeySecret ? [{ id: d.accessKeyId, secret: d.accessKeySecret, actions: '*' }] : [],
    // The README's users as DMS lists them (the first one a DBA), so `users import-dms [--role DBA]` finds them.
    users: (config.users ?? []).map((u, i) => ({
      userId: String(i + 1),
      uid: u.uid,
      nickName: u.name,
      ...(u.mobile ? { mobile: u.mobile } : {}),
      ...(u.email ? { email: u.email } : {}),
      roles: i === 0 ? ['USER', 'DBA'] : ['USER'],
    })),
  });
  return {
    dir,
    dataDir: path.join(dir, 'data'),
    feishu,
    lark,
    dingtalk,
    dms,
    config,
    fakeUserOf,
    async close() {
      await Promise.all([feishu.close(), lark.close(), dingtalk.close(), dms.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Executors: each recognises its blocks or lines by content and runs them.

export interface CommandRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** How much the fakes had seen before the command ran, so a check sees only what the command did. */
interface Marks {
  readonly dmsRequests: number;
  readonly delivered: Record<'feishu' | 'lark' | 'dingtalk', number>;
}

type Check = (run: CommandRun, words: string[], w: ReadmeWorld, before: Marks) => void | Promise<void>;

const marks = (w: ReadmeWorld): Marks => ({
  dmsRequests: w.dms.requests.length,
  delivered: { feishu: w.feishu.delivered.length, lark: w.lark.delivered.length, dingtalk: w.dingtalk.delivered.length },
});

export interface LineExecutor {
  readonly name: string;
  matches(words: string[]): boolean;
  run(words: string[], w: ReadmeWorld): Promise<CommandRun>;
}

export interface JsonExecutor {
  readonly name: string;
  matches(json: unknown): boolean;
  /** Writes the block, hosts substituted, where the README's commands read it. */
  materialise(b: ReadmeBlock, w: ReadmeWorld): void;
}

const fail = (what: string, run: CommandRun): Error => new Error(`${what} (exit ${run.code})\nstdout:\n${run.out.join('\n')}\nstderr:\n${run.err.join('\n')}`);

/** `npx channel-desk …`: the real CLI in process, argv exactly as written. */
const channelDeskCli: LineExecutor = {
  name: 'channel-desk CLI',
  matches: (words) => words[0] === 'npx' && words[1] === 'channel-desk',
  async run(words, w) {
    // As in a shell: files on the command line are read from the working directory (pool: forks), and
    // the services see the environment (the test vault; the default data folder is the world's).
    const cwd = process.cwd();
    const env = { ...process.env };
    Object.assign(process.env, TEST_VAULT_ENV, { CHANNEL_DESK_DATA_DIR: w.dataDir, LANG: 'en_US.UTF-8', LC_ALL: '' });
    process.chdir(w.dir);
    try {
      return await runChannelDesk(freePort(words.slice(2)), w);
    } finally {
      process.chdir(cwd);
      process.env = env;
    }
  },
};

/**
 * Like the hosts, a listening port belongs to the machine: `serve --port 4870` listens on a free port
 * here, so parallel test files (and an app the developer is running) never collide. Nothing else changes.
 */
const freePort = (argv: string[]): string[] => (argv[0] === 'serve' ? argv.map((a, i) => (argv[i - 1] === '--port' ? '0' : a)) : argv);

async function runChannelDesk(argv: string[], w: ReadmeWorld): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let onOut: (() => void) | null = null;
  const uiDir = path.join(w.dir, '.ui');
  fs.mkdirSync(uiDir, { recursive: true });
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Channel Desk</title>');
  const exit = runCli({
    argv,
    env: process.env,
    cwd: w.dir,
    platform: 'linux',
    home: w.dir,
    out: (l) => {
      out.push(l);
      onOut?.();
    },
    err: (l) => err.push(l),
    signal: controller.signal,
    commands: [createServeCommand({ uiDir, stdoutIsTTY: () => true }), ...COMMANDS.filter((c) => c.name !== 'serve')],
  });
  if (argv[0] === 'serve') {
    // `serve` runs until stopped: wait for its UI URL, let it deliver what is queued, then Ctrl+C.
    await new Promise<void>((resolve, reject) => {
      onOut = () => out.some((l) => l.startsWith('Channel Desk UI: ')) && resolve();
      void exit.then((code) => reject(fail('serve exited before it was ready', { code, out, err })));
    });
    await waitFor(() => queueIsEmpty(w.dataDir), 'serve to deliver everything queued', 20_000);
    controller.abort('SIGINT');
  }
  return { code: await exit, out, err };
}

function queueIsEmpty(dataDir: string): boolean {
  const outbox = Outbox.open(dataDir);
  try {
    const c = outbox.log.counts();
    return c.queued + c.sending + c.retrying === 0;
  } finally {
    outbox.close();
  }
}

/**
 * `bash scripts/run.sh` / `bash scripts/test.sh`: the two entry scripts. They cannot run inside the suite
 * (test.sh runs this very file; run.sh installs, builds and then runs until stopped), so their executor
 * proves what can be proved here: the script exists, parses, and hands over to what it promises.
 * test.sh's own run, its build and the e2e tests of `serve` execute the rest.
 */
const entryScript: LineExecutor = {
  name: 'entry script',
  matches: (words) => words.length === 2 && words[0] === 'bash' && /^scripts\/(run|test)\.sh$/.test(words[1] ?? ''),
  async run(words) {
    const file = path.join(REPO_ROOT, words[1]!);
    const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    const body = fs.readFileSync(file, 'utf8');
    const promised = words[1] === 'scripts/run.sh' ? [/setup\.sh/, /npm run build/, /scripts\/start\.js/] : [/setup\.sh/, /npm test/, /test-summary\.js/];
    const missing = promised.filter((re) => !re.test(body)).map(String);
    return { code: syntax.status === 0 && missing.length === 0 ? 0 : 1, out: [], err: [syntax.stderr, ...missing.map((m) => `missing ${m}`)].filter(Boolean) };
  },
};

export const LINE_EXECUTORS: readonly LineExecutor[] = [channelDeskCli, entryScript];

export const JSON_EXECUTORS: readonly JsonExecutor[] = [
  {
    name: 'configuration example → setup.json',
    matches: isConfigFile,
    materialise: (b, w) => fs.writeFileSync(path.join(w.dir, 'setup.json'), substituteHosts(b.text, w)),
  },
  {
    name: 'DMS webhook body → event.json',
    matches: isDmsEvent,
    materialise: (b, w) => fs.writeFileSync(path.join(w.dir, 'event.json'), b.text),
  },
];

/** What each README command must show beyond exit 0, checked against the fakes. */
export const CHECKS: Record<string, Check> = {
  serve: (run) => {
    const ready = JSON.parse(run.out[0] ?? '{}') as ReadyEvent;
    if (ready.event !== 'ready' || !run.out.includes(`Channel Desk UI: ${ready.url}`)) throw fail('serve did not print its ready line and UI URL', run);
  },
  config: (run, words, w) => {
    const file = words[4];
    if (words[3] === 'export' && file) {
      const text = fs.readFileSync(path.join(w.dir, file), 'utf8');
      configFileSchema.parse(JSON.parse(text));
      for (const secret of readmeSecrets(w.config)) if (text.includes(secret)) throw new Error(`${file} contains a secret`);
    }
    if (words[3] === 'import' && !run.out[0]?.startsWith('Imported ')) throw fail('config import did not report what it imported', run);
  },
  test: (run, words, w, before) => {
    const platform = words[3] === 'lark' ? 'lark' : words[3]?.startsWith('dingtalk') ? 'dingtalk' : 'feishu';
    const chat = words.includes('--chat') ? words[words.indexOf('--chat') + 1] : undefined;
    if (chat !== undefined) {
      if (!w[platform].delivered.slice(before.delivered[platform]).some((m) => m.chatId === chat))
        throw fail(`no test message reached chat ${chat} on the fake`, run);
      return;
    }
    const to = words[words.indexOf('--to') + 1] ?? '';
    const fake = w.fakeUserOf.get(to);
    if (!w[platform].delivered.slice(before.delivered[platform]).some((m) => m.userId === fake)) throw fail(`no test message reached ${to} on the fake`, run);
  },
  notify: (run) => {
    if (!/^(Queued|Duplicate, already accepted): /.test(run.out[0] ?? '')) throw fail('notify did not say it queued the event', run);
  },
  'inbox-url': (run) => {
    if (!/^http:\/\/127\.0\.0\.1:\d+\/hooks\/dms\/[A-Za-z0-9_-]{32}$/.test(run.out[0] ?? '')) throw fail('inbox-url printed no inbox URL', run);
  },
  dms: (_run, _words, w, before) => {
    if (!w.dms.requests.slice(before.dmsRequests).some((r) => r.answered === null)) throw new Error('dms test made no successful DMS call');
  },
  users: (run, words, w) => {
    const sub = words[3];
    if (sub === 'import-dms') {
      const listed = /^Imported from DMS: listed (\d+)/.exec(run.out[0] ?? '');
      const expected = words.includes('--role') ? 1 : (w.config.users ?? []).length;
      if (Number(listed?.[1]) !== expected) throw fail(`users import-dms did not list the ${expected} DMS user(s)`, run);
      if (!run.out.some((l) => /^Looked up \(.+\): found [1-9]/.test(l))) throw fail('users import-dms looked nobody up', run);
    } else if (sub === 'list' && words.includes('--json')) {
      const listed = JSON.parse(run.out.join('\n')) as unknown;
      const uids = JSON.stringify(listed);
      for (const u of w.config.users ?? []) if (!uids.includes(u.uid)) throw fail(`users list --json lacks ${u.uid}`, run);
    } else if (sub === 'resolve') {
      if (run.out.length === 0) throw fail('users resolve printed nothing', run);
    } else {
      throw fail(`no check for users ${sub ?? ''}`, run);
    }
  },
  watch: (_run, _words, w, before) => {
    if (!w.dms.requests.slice(before.dmsRequests).some((r) => r.action === 'ListOrders' && r.answered === null))
      throw new Error('watch --once did not poll ListOrders');
  },
};

const readmeSecrets = (c: ConfigFile): string[] =>
  [
    ...Object.values(c.channels ?? {}).map((e) => (e as { appSecret?: string } | undefined)?.appSecret ?? ''),
    c.dms?.accessKeySecret ?? '',
    c.inbox?.signingSecret ?? '',
  ].filter((s) => s !== '');

/**
 * Sections whose blocks need a world of their own (a seeded outbox, a systemd unit's environment): a
 * dedicated test runs every block of the section exactly as written. readme.test.ts checks that the test
 * exists and reads that very section, so a delegated block is never left unrun.
 */
export const DELEGATED_SECTIONS: Readonly<Record<string, string>> = {
  'Running on a server: systemd, health and metrics': 'test/integration/readme-ops.test.ts',
  'Signed webhooks': 'test/integration/inbox-signature.test.ts',
};

/** Every block's executor(s); throws naming the first block or line nothing recognises. */
export function planReadme(
  blocks: readonly ReadmeBlock[],
): { block: ReadmeBlock; json?: JsonExecutor; delegatedTo?: string; lines?: { line: number; words: string[]; exec: LineExecutor }[] }[] {
  return blocks.map((block) => {
    const delegatedTo = DELEGATED_SECTIONS[block.heading];
    if (delegatedTo) return { block, delegatedTo };
    if (JSON_LANGS.has(block.lang)) {
      const json = parseJson(block);
      const exec = JSON_EXECUTORS.find((e) => e.matches(json));
      if (!exec) throw new Error(`${describeBlock(block)} has no executor: teach test/integration/readme-harness.ts what it is`);
      return { block, json: exec };
    }
    if (SHELL_LANGS.has(block.lang)) {
      const lines = commandLines(block).map(({ line, words }) => {
        const exec = LINE_EXECUTORS.find((e) => e.matches(words));
        if (!exec) throw new Error(`README.md:${line} "${words.join(' ')}" has no executor: teach test/integration/readme-harness.ts to run it`);
        return { line, words, exec };
      });
      if (lines.length === 0) throw new Error(`${describeBlock(block)} holds no command`);
      return { block, lines };
    }
    if (block.lang !== '' || LOOKS_LIKE_COMMAND.test(block.text)) {
      throw new Error(`${describeBlock(block)} is neither sh nor json and is not plain text: tag it \`\`\`sh or \`\`\`json so it is tested`);
    }
    return { block };
  });
}

/** Writes every JSON block where the commands read it, then runs the sh lines of `which` blocks in order. */
export async function runReadme(
  w: ReadmeWorld,
  blocks: readonly ReadmeBlock[],
  which: (b: ReadmeBlock) => boolean = () => true,
): Promise<{ line: number; words: string[]; run: CommandRun }[]> {
  const plan = planReadme(blocks);
  for (const p of plan) p.json?.materialise(p.block, w);
  const done: { line: number; words: string[]; run: CommandRun }[] = [];
  for (const p of plan.filter((x) => which(x.block))) {
    for (const l of p.lines ?? []) {
      const before = marks(w);
      const run = await l.exec.run(l.words, w);
      const where = `README.md:${l.line} "${l.words.join(' ')}"`;
      if (run.code !== 0) throw fail(`${where} failed`, run);
      const check = l.exec === channelDeskCli ? CHECKS[l.words[2] ?? ''] : undefined;
      if (l.exec === channelDeskCli && !check) throw new Error(`${where}: no check for channel-desk ${l.words[2]} in readme-harness.ts CHECKS`);
      try {
        await check?.(run, l.words, w, before);
      } catch (err) {
        throw new Error(`${where}: ${(err as Error).message}`);
      }
      done.push({ line: l.line, words: l.words, run });
    }
  }
  return done;
}
