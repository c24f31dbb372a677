import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.js';
import { pick, text } from '../../../shared/i18n-text.js';
import { builtUiDir } from '../../package-root.js';
import { createHandlers } from '../../services/api/index.js';
import { createAppServices } from '../../services/app.js';
import { acquireDataFolderLock } from '../../services/data-lock/data-folder-lock.js';
import { createHttpServer, isLoopbackBindHost, notLoopbackError, type RunningHttpServer } from '../../services/http/index.js';
import type { CliCommand, CliIO } from '../command.js';
import { recordInboxOrigin } from '../../services/inbox/hook-route.js';
import { startInboxListener, type InboxListener } from '../../services/inbox/listener.js';
import { internalErrorLine } from '../../services/log/loggable-error.js';

/** The first stdout line of `serve`; scripts and the e2e tests parse it. Keep the shape stable. */
export interface ReadyEvent {
  readonly event: 'ready';
  readonly url: string;
  readonly port: number;
  readonly token: string;
}

export interface ServeCommandOptions {
  /** The built UI; default dist/renderer of this package. */
  readonly uiDir?: string;
}

function parsePort(value: string | undefined): number | null {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65_535 ? port : null;
}

function uiMissing(uiDir: string): AppError {
  return new AppError('UNAVAILABLE', text(`The built UI is missing: ${path.join(uiDir, 'index.html')} does not exist.`, `缺少已构建的界面：${path.join(uiDir, 'index.html')} 不存在。`), {
    fix: text('Run `npm run build` in the Channel Desk folder, then start again.', '请在 Channel Desk 目录中运行 `npm run build`，然后重新启动。'),
  });
}

function portInUse(port: number): AppError {
  return new AppError('CONFLICT', text(`Port ${port} is already in use.`, `端口 ${port} 已被占用。`), {
    fix: text('Choose another --port, or --port 0 for a free one.', '请换一个 --port，或使用 --port 0 自动选择空闲端口。'),
  });
}

const waitForAbort = (signal: AbortSignal): Promise<void> =>
  signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

export function createServeCommand(opts: ServeCommandOptions = {}): CliCommand {
  return {
    name: 'serve',
    summary: 'Run the services and serve the UI to a browser on 127.0.0.1 (headless mode)',
    usage: 'channel-desk serve [--port N] [--host 127.0.0.1] [--inbox-host H --inbox-port N] [--data-dir D]',
    async run(args, global, io: CliIO): Promise<number> {
      const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, 'inbox-host': { type: 'string' }, 'inbox-port': { type: 'string' } }, strict: true, allowPositionals: false });
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
      try {
        const token = randomBytes(32).toString('base64url');
        try {
          server = await createHttpServer({
            handlers: createHandlers(services),
            staticDir: uiDir,
            host,
            port,
            token,
            routes: [services.delivery.hookRoute],
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
          inbox = await startInboxListener({ host: values['inbox-host'] ?? '127.0.0.1', port: inboxPort, routes: [services.delivery.hookRoute] });
        }
        const url = `${server.origin}/#token=${token}`;
        const ready: ReadyEvent = { event: 'ready', url, port: server.port, token };
        io.out(JSON.stringify(ready));
        io.out(`Channel Desk UI: ${url}`);
        io.out(`DMS webhook inbox: ${recordInboxOrigin(services.settings, (inbox ?? server).origin)}`);
        io.err(pick(text(`Data folder: ${services.dataDir}. Press Ctrl+C to stop.`, `数据文件夹：${services.dataDir}。按 Ctrl+C 停止。`), io.lang));
        if (services.settings.recovery) io.err(pick(services.settings.recovery.message, io.lang));
        await waitForAbort(io.signal);
        return 0;
      } finally {
        await inbox?.close();
        await server?.close();
        await services.close();
        lock.release();
      }
    },
  };
}

export const serveCommand = createServeCommand();
