import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { DmsTestRun, DmsTestStep, DmsTestStepId } from '../../../shared/contract/dms.js';
import type { DmsClient } from './client.js';
import { openClient, type DmsConnectionDeps } from './connection.js';
import { DmsApiError, type DmsErrorKind } from './errors.js';

const STEP_TITLES: Record<DmsTestStepId, LocalizedText> = {
  reach: text('Reach the DMS OpenAPI endpoint', '连接 DMS OpenAPI 接入地址'),
  signature: text('AccessKey and signature accepted', 'AccessKey 与签名被接受'),
  'list-orders': text('RAM allows dms:ListOrders', 'RAM 允许 dms:ListOrders'),
  tenant: text('Tenant (Tid) visible', '租户（Tid）可见'),
};

/** Which step a ListOrders failure belongs to: the first one it proves wrong. */
const STEP_OF_KIND: Record<DmsErrorKind, DmsTestStepId> = {
  network: 'signature',
  timeout: 'signature',
  'wrong-key': 'signature',
  'inactive-key': 'signature',
  signature: 'signature',
  clock: 'signature',
  nonce: 'signature',
  request: 'signature',
  'bad-response': 'signature',
  server: 'signature',
  throttled: 'signature',
  permission: 'list-orders',
  tenant: 'tenant',
  business: 'tenant',
};

const STEP_TIMEOUT_MS = 10_000;
/** Finished runs kept for testGet; older ones are dropped. */
const KEEP_RUNS = 20;

export interface DmsConnectionTestOptions {
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

/**
 * The DMS connection test: reach → signature → ListOrders allowed → tenant visible, in order; a failed
 * step explains itself and the steps after it are skipped. Runs in the background; cancel stops it.
 */
export class DmsConnectionTests {
  private readonly runs = new Map<string, { run: DmsTestRun; abort: AbortController; done: Promise<DmsTestRun> }>();
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: DmsConnectionDeps,
    opts: DmsConnectionTestOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.timeoutMs = opts.timeoutMs ?? STEP_TIMEOUT_MS;
  }

  /** Starts a run and returns its first snapshot; throws BAD_INPUT when the connection is incomplete. */
  async start(): Promise<DmsTestRun> {
    const client = await openClient(this.deps, { timeoutMs: this.timeoutMs, now: this.now });
    const run: DmsTestRun = {
      id: randomUUID(),
      state: 'running',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      endpoint: client.endpoint,
      steps: (Object.keys(STEP_TITLES) as DmsTestStepId[]).map((id) => ({
        id,
        title: STEP_TITLES[id],
        status: 'pending',
        durationMs: null,
        detail: null,
        diagnosis: null,
        fix: null,
        code: null,
        requestId: null,
      })),
    };
    const abort = new AbortController();
    const done = this.execute(run, client, abort.signal);
    this.runs.set(run.id, { run, abort, done });
    this.prune();
    return snapshot(run);
  }

  /** Starts a run and waits for it (CLI). */
  async run(signal?: AbortSignal): Promise<DmsTestRun> {
    const first = await this.start();
    const entry = this.runs.get(first.id);
    if (!entry) throw new Error('run vanished');
    const onAbort = (): void => entry.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return snapshot(await entry.done);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  get(id: string): DmsTestRun {
    return snapshot(this.entry(id).run);
  }

  async cancel(id: string): Promise<DmsTestRun> {
    const e = this.entry(id);
    e.abort.abort();
    return snapshot(await e.done);
  }

  private entry(id: string): { run: DmsTestRun; abort: AbortController; done: Promise<DmsTestRun> } {
    const e = this.runs.get(id);
    if (!e) throw new AppError('NOT_FOUND', text('No such connection test run.', '找不到该连接测试。'));
    return e;
  }

  private prune(): void {
    for (const [id, e] of this.runs) {
      if (this.runs.size <= KEEP_RUNS) break;
      if (e.run.state !== 'running') this.runs.delete(id);
    }
  }

  private async execute(run: DmsTestRun, client: DmsClient, signal: AbortSignal): Promise<DmsTestRun> {
    const step = (id: DmsTestStepId): DmsTestStep => run.steps.find((s) => s.id === id) as DmsTestStep;
    const timed = async <T>(id: DmsTestStepId, fn: () => Promise<T>): Promise<T> => {
      const s = step(id);
      s.status = 'running';
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        s.durationMs = Math.round(performance.now() - t0);
      }
    };
    const pass = (id: DmsTestStepId, detail: LocalizedText | null): void => {
      Object.assign(step(id), { status: 'pass', detail });
    };
    const fail = (id: DmsTestStepId, err: unknown): void => {
      const s = step(id);
      s.status = 'fail';
      if (err instanceof DmsApiError) {
        Object.assign(s, { diagnosis: err.text, fix: err.fix ?? null, code: err.failure.code, requestId: err.failure.requestId });
      } else {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', text('Unexpected error during the test.', '测试中出现意外错误。'));
        Object.assign(s, { diagnosis: e.text, fix: e.fix ?? null, code: e.code });
      }
    };

    try {
      try {
        const r = await timed('reach', () => client.reach(signal));
        const skew = r.serverDate ? Math.round((Date.parse(r.serverDate) - this.now().getTime()) / 60_000) : 0;
        // Worth saying before the signature step fails on it: the gateway allows about 15 minutes.
        const clock = Math.abs(skew) >= 2 ? text(`; this computer's clock is ${Math.abs(skew)} min ${skew > 0 ? 'behind' : 'ahead'}`, `；本机时钟${skew > 0 ? '慢' : '快'} ${Math.abs(skew)} 分钟`) : text('', '');
        pass('reach', text(`HTTP ${r.httpStatus} from ${client.endpoint}${clock.en}`, `${client.endpoint} 返回 HTTP ${r.httpStatus}${clock.zh}`));
      } catch (err) {
        if (signal.aborted) throw err;
        fail('reach', err);
        return this.finish(run, 'failed');
      }
      try {
        const page = await timed('signature', () => client.listOrders({ pageNumber: 1, pageSize: 1, orderStatus: 'ALL' }, signal));
        pass('signature', null);
        pass('list-orders', null);
        pass('tenant', text(`${page.totalCount} tickets visible as admin`, `以管理员身份可见 ${page.totalCount} 个工单`));
        // One ListOrders call proves the last three steps; its time is shown on the first of them.
        step('list-orders').durationMs = 0;
        step('tenant').durationMs = 0;
        return this.finish(run, 'passed');
      } catch (err) {
        if (signal.aborted) throw err;
        const failedAt = err instanceof DmsApiError ? STEP_OF_KIND[err.failure.kind] : 'signature';
        const order: DmsTestStepId[] = ['signature', 'list-orders', 'tenant'];
        for (const id of order.slice(0, order.indexOf(failedAt))) pass(id, null);
        fail(failedAt, err);
        return this.finish(run, 'failed');
      }
    } catch {
      return this.finish(run, 'cancelled');
    }
  }

  private finish(run: DmsTestRun, state: DmsTestRun['state']): DmsTestRun {
    run.state = state;
    run.finishedAt = this.now().toISOString();
    for (const s of run.steps) {
      if (s.status === 'pending' || s.status === 'running') {
        s.status = 'skipped';
        s.detail =
          state === 'cancelled' ? text('Cancelled.', '已取消。') : text('Skipped: an earlier step failed.', '已跳过：前面的步骤失败。');
      }
    }
    return run;
  }
}

const snapshot = (run: DmsTestRun): DmsTestRun => structuredClone(run);
