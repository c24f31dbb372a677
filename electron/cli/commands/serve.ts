import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.js';
import { pick, text } from '../../../shared/i18n-text.js';
import { builtUiDir } from '../../services/package-root.js';
import { createHandlers } from '../../services/api/index.js';
import { createAppServices } from '../../services/app.js';
import { acquireDataFolderLock } from '../../services/data-lock/data-folder-lock.js';
import { createHttpServer, isLoopbackBindHost, notLoopbackError, type RunningHttpServer } from '../../services/http/index.js';
import type { CliCommand, CliIO } from '../command.js';
import { recordInboxOrigin, startInboxListener, type InboxListener, type InboxTlsFiles } from '../../services/delivery/index.js';
import { createRequestLog } from '../../services/net/request-log.js';
import { internalErrorLine } from '../../services/log/loggable-error.js';
import { createServeOps } from '../../services/metrics/serve-ops.js';

/**
 * The first stdout line of `serve` (token and URL redacted unless stdout is a terminal) and the content
 * of `--token-file` (always full); scripts and the e2e tests parse it. Keep the shape stable.
 */
export interface ReadyEvent {
  readonly event: 'ready';
  readonly url: string;
  readonly port: number;
  readonly token: string;
}

export interface ServeCommandOptions {
  /** The built UI; default dist/renderer of this package. */
  readonly uiDir?: string;
  /** Whether stdout is a terminal (the full token is printed only there); default process.stdout.isTTY. */
  readonly stdoutIsTTY?: () => boolean;
  /** CHANNEL_DESK_API_TOKEN is read from here (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The env variable that fixes the API token across restarts, so open tabs reconnect by themselves. */
export const API_TOKEN_ENV = 'CHANNEL_DESK_API_TOKEN';

/**
 * A fresh random token per start, unless the admin fixed one in CHANNEL_DESK_API_TOKEN (a service
 * manager restarting serve): then an open UI tab recovers by itself instead of asking for the new URL.
 */
function apiToken(env: NodeJS.ProcessEnv): string {
  const fixed = env[API_TOKEN_ENV];
  if (fixed === undefined || fixed === '') return randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(fixed)) {
    throw new AppError(
      'BAD_INPUT',
      text(`${API_TOKEN_ENV} must be 32 to 256 letters, digits, - or _.`, `${API_TOKEN_ENV} 必须由 32 到 256 个字母、数字、- 或 _ 组成。`),
      {
        fix: text(
          `Generate one with \`openssl rand -base64 48 | tr '+/' '-_' | tr -d '='\`, or unset ${API_TOKEN_ENV} for a new token each start.`,
          `可用 \`openssl rand -base64 48 | tr '+/' '-_' | tr -d '='\` 生成，或取消设置 ${API_TOKEN_ENV} 以便每次启动使用新令牌。`,
        ),
      },
    );
  }
  return fixed;
}

/** What logs and pipes see of the token: enough to tell two starts apart, not enough to use. */
export const redactToken = (token: string): string => `${token.slice(0, 4)}…`;

/** The full ready event for scripts, owner-only, replaced atomically so no other user ever sees it. */
function writeTokenFile(file: string, ready: ReadyEvent): void {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(ready)}\n`, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('BAD_INPUT', text(`Cannot write the token file ${file}: ${errorText(err)}`, `无法写入令牌文件 ${file}：${errorText(err)}`), {
      fix: text('Give --token-file a path in a folder this user can write.', '请为 --token-file 指定本用户可写入的文件夹中的路径。'),
    });
  }
}

function parsePort(value: string | undefined): number | null {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65_535 ? port : null;
}

function uiMissing(uiDir: string): AppError {
  return new AppError(
    'UNAVAILABLE',
    text(`The built UI is missing: ${path.join(uiDir, 'index.html')} does not exist.`, `缺少已构建的界面：${path.join(uiDir, 'index.html')} 不存在。`),
    {
      fix: text('Run `npm run build` in the Channel Desk folder, then start again.', '请在 Channel Desk 目录中运行 `npm run build`，然后重新启动。'),
    },
  );
}

function portInUse(port: number, flag = '--port'): AppError {
  return new AppError('CONFLICT', text(`Port ${port} is already in use.`, `端口 ${port} 已被占用。`), {
    fix: text(`Choose another ${flag}, or ${flag} 0 for a free one.`, `请换一个 ${flag}，或使用 ${flag} 0 自动选择空闲端口。`),
  });
}

/** Both files, neither (undefined) or only one (null: a usage error). */
function inboxTlsFiles(certFile: string | undefined, keyFile: string | undefined): InboxTlsFiles | undefined | null {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) return null;
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

function tlsUnusable(tls: InboxTlsFiles, err: unknown): AppError {
  return new AppError(
    'BAD_INPUT',
    text(
      `Cannot use the inbox TLS files ${tls.certFile} and ${tls.keyFile}: ${errorText(err)}`,
      `无法使用收件箱 TLS 文件 ${tls.certFile} 和 ${tls.keyFile}：${errorText(err)}`,
    ),
    {
      fix: text('Give a PEM certificate (chain) and its PEM private key that this user can read.', '请提供本用户可读取的 PEM 证书（链）及其 PEM 私钥。'),
    },
  );
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const plainInboxWarning = (host: string) =>
  text(
    `Warning: the inbox listens on ${host} without TLS, so event bodies and the inbox URL token travel in clear text. Add --inbox-tls-cert/--inbox-tls-key, or keep the inbox on 127.0.0.1 behind an HTTPS reverse proxy.`,
    `警告：收件箱在 ${host} 上以明文（无 TLS）监听，事件内容和收件箱 URL 令牌会以明文传输。请添加 --inbox-tls-cert/--inbox-tls-key，或让收件箱只监听 127.0.0.1 并置于 HTTPS 反向代理之后。`,
  );

const waitForAbort = (signal: AbortSignal): Promise<void> =>
  signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

export function createServeCommand(opts: ServeCommandOptions = {}): CliCommand {
  return {
    name: 'serve',
    summary: 'Run the services and serve the UI to a browser on 127.0.0.1 (headless mode)',
    usage:
      'channel-desk serve [--port N] [--host 127.0.0.1] [--token-file F] [--inbox-host H --inbox-port N [--inbox-tls-cert F --inbox-tls-key F]] [--metrics-port N] [--data-dir D]',
    async run(args, global, io: CliIO): Promise<number> {
      const { values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'inbox-host': { type: 'string' },
          'inbox-port': { type: 'string' },
          'inbox-tls-cert': { type: 'string' },
          'inbox-tls-key': { type: 'string' },
          'token-file': { type: 'string' },
          'metrics-port': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
      const port = parsePort(values.port);
      if (port === null) {
        io.err(`--port must be a number from 0 to 65535 (0 picks a free port); got ${JSON.stringify(values.port)}`);
        return 2;
      }
      const inboxPort = values['inbox-host'] !== undefined || values['inbox-port'] !== undefined ? parsePort(values['inbox-port']) : undefined;
      if (inboxPort === null) {
        io.err(`--inbox-port must be a number from 0 to 65535; got ${JSON.stringify(values['inbox-port'])}`);
        return 2;
      }
      const metricsPort = values['metrics-port'] === undefined ? undefined : parsePort(values['metrics-port']);
      if (metricsPort === null) {
        io.err(`--metrics-port must be a number from 0 to 65535; got ${JSON.stringify(values['metrics-port'])}`);
        return 2;
      }
      const tls = inboxTlsFiles(values['inbox-tls-cert'], values['inbox-tls-key']);
      if (tls === null) {
        io.err('--inbox-tls-cert and --inbox-tls-key go together: give both PEM files, or neither.');
        return 2;
      }
      if (tls && inboxPort === undefined) {
        io.err('--inbox-tls-cert/--inbox-tls-key need --inbox-host and --inbox-port: TLS is for the inbox listener.');
        return 2;
      }
      const tokenFile = values['token-file'] !== undefined ? path.resolve(values['token-file']) : undefined;
      let wroteTokenFile = false;
      const host = values.host ?? '127.0.0.1';
      if (!isLoopbackBindHost(host)) throw notLoopbackError(host);
      const uiDir = opts.uiDir ?? builtUiDir();
      if (!fs.existsSync(path.join(uiDir, 'index.html'))) throw uiMissing(uiDir);

      // One process runs the services per data folder; a second serve exits here naming the holder.
      const lock = acquireDataFolderLock(path.resolve(global.dataDir));
      const services = await createAppServices({ dataDir: global.dataDir, mode: 'headless' }).catch((err: unknown) => {
        lock.release();
        throw err;
      });
      let server: RunningHttpServer | undefined;
      let inbox: InboxListener | undefined;
      let metricsListener: { origin: string; close(): Promise<void> } | undefined;
      const requestLog = createRequestLog({ write: (line) => io.err(line) });
      const reloadTls = (): void => {
        try {
          inbox?.reloadTls();
          io.err(pick(text('Inbox TLS certificate reloaded.', '已重新加载收件箱 TLS 证书。'), io.lang));
        } catch (err) {
          io.err(
            pick(
              text(
                `Inbox TLS certificate not reloaded, the previous one stays in use: ${errorText(err)}`,
                `未能重新加载收件箱 TLS 证书，继续使用原证书：${errorText(err)}`,
              ),
              io.lang,
            ),
          );
        }
      };
      // Always ours: Node's default for SIGHUP ends the process, which a service manager may not restart.
      const onHangup = (): void => {
        if (tls && inbox) reloadTls();
        else
          io.err(
            pick(
              text('SIGHUP received: no inbox TLS certificate to reload; still serving.', '收到 SIGHUP：收件箱没有需要重新加载的 TLS 证书，继续运行。'),
              io.lang,
            ),
          );
      };
      process.on('SIGHUP', onHangup);
      try {
        const token = apiToken(opts.env ?? process.env);
        const ops = createServeOps(services, token);
        try {
          server = await createHttpServer({
            handlers: createHandlers(services),
            staticDir: uiDir,
            host,
            port,
            token,
            routes: [ops.hookRoute, ...ops.apiRoutes],
            events: services.events,
            requestLog,
            // Scrubbed summary of the cause chain: the raw error could hold an axios config with secrets.
            onInternalError: (method, err) => io.err(internalErrorLine(method, err)),
          });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(port);
          throw err;
        }
        services.startBackground();
        // The webhook route on its own listener, which may bind a non-loopback address.
        if (inboxPort !== undefined) {
          const inboxHost = values['inbox-host'] ?? '127.0.0.1';
          try {
            inbox = await startInboxListener({ host: inboxHost, port: inboxPort, routes: [ops.hookRoute], requestLog, ...(tls ? { tls } : {}) });
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(inboxPort);
            if (tls) throw tlsUnusable(tls, err);
            throw err;
          }
          if (!tls && !isLoopbackBindHost(inboxHost)) io.err(pick(plainInboxWarning(inboxHost), io.lang));
        }
        if (metricsPort !== undefined) {
          metricsListener = await ops.listen(metricsPort).catch((err: unknown) => {
            throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUse(metricsPort, '--metrics-port') : err;
          });
        }
        const ready: ReadyEvent = { event: 'ready', url: `${server.origin}/#token=${token}`, port: server.port, token };
        if (tokenFile) {
          writeTokenFile(tokenFile, ready);
          wroteTokenFile = true;
        }
        // A pipe or a log file is readable by more than the admin: there the token is redacted.
        const showFull = (opts.stdoutIsTTY ?? (() => process.stdout.isTTY))();
        const shown: ReadyEvent = showFull ? ready : { ...ready, url: `${server.origin}/#token=${redactToken(token)}`, token: redactToken(token) };
        io.out(JSON.stringify(shown));
        io.out(`Channel Desk UI: ${shown.url}`);
        if (!showFull) {
          io.err(
            pick(
              tokenFile
                ? text(`The full UI URL and token are in ${tokenFile} (mode 0600).`, `完整的界面网址和令牌保存在 ${tokenFile}（权限 0600）。`)
                : text(
                    'stdout is not a terminal, so the token is shown redacted; start with --token-file FILE to get the full URL and token in a 0600 file.',
                    '标准输出不是终端，因此令牌以脱敏形式显示；请使用 --token-file FILE 启动，以便在权限为 0600 的文件中获得完整网址和令牌。',
                  ),
              io.lang,
            ),
          );
        }
        const inboxUrl = recordInboxOrigin(services.settings, (inbox ?? server).origin);
        // Its path token lets anyone post events: off a terminal it is redacted like the API token.
        io.out(`DMS webhook inbox: ${showFull ? inboxUrl : inboxUrl.replace(/[^/]+$/, redactToken)}`);
        if (!showFull) {
          io.err(
            pick(
              text(
                'The inbox URL is redacted too; `channel-desk inbox-url` prints it in full.',
                '收件箱网址同样已脱敏；运行 `channel-desk inbox-url` 可显示完整网址。',
              ),
              io.lang,
            ),
          );
        }
        io.out(`Prometheus metrics: ${(metricsListener ?? server).origin}/metrics${metricsListener ? '' : ' (Authorization: Bearer <token>)'}`);
        io.err(pick(text(`Data folder: ${services.dataDir}. Press Ctrl+C to stop.`, `数据文件夹：${services.dataDir}。按 Ctrl+C 停止。`), io.lang));
        if (services.settings.recovery) io.err(pick(services.settings.recovery.message, io.lang));
        await waitForAbort(io.signal);
        return 0;
      } finally {
        await metricsListener?.close();
        // The token dies with this process; so does the file that holds it.
        if (tokenFile && wroteTokenFile) fs.rmSync(tokenFile, { force: true });
        process.off('SIGHUP', onHangup);
        await inbox?.close();
        await server?.close();
        requestLog.close();
        await services.close();
        lock.release();
      }
    },
  };
}

export const serveCommand = createServeCommand();
