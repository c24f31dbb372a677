import { DMS_TEST_STEP_IDS, type DmsTestRun, type DmsTestStepId } from '../../../shared/contract/dms.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { DiagnosticRuns, StepFailure, type StepRecorder } from '../diagnostics/runner.js';
import type { DmsClient } from './client.js';
import { openClient, rememberDmsTest, type DmsConnectionDeps } from './connection.js';
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
  // ApproveOrder-only kinds; a ListOrders failure never classifies as these.
  'not-handler': 'tenant',
  'already-handled': 'tenant',
};

const STEP_TIMEOUT_MS = 10_000;

export interface DmsConnectionTestOptions {
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

/** A ListOrders failure as a step failure, with the gateway's code and request id. */
const asStepFailure = (err: unknown): StepFailure =>
  err instanceof DmsApiError ? new StepFailure(err.text, err.fix ?? null, { code: err.failure.code, requestId: err.failure.requestId }) : StepFailure.from(err);

/**
 * The DMS connection test: reach → signature → ListOrders allowed → tenant visible, in order; a failed
 * step explains itself and the steps after it are skipped. Runs in the background; cancel stops it.
 */
export class DmsConnectionTests {
  private readonly runs: DiagnosticRuns<DmsTestRun>;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: DmsConnectionDeps,
    opts: DmsConnectionTestOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.timeoutMs = opts.timeoutMs ?? STEP_TIMEOUT_MS;
    this.runs = new DiagnosticRuns(this.now);
  }

  /** Starts a run and returns its first snapshot; throws BAD_INPUT when the connection is incomplete. */
  async start(signal?: AbortSignal): Promise<DmsTestRun> {
    const client = await openClient(this.deps, { timeoutMs: this.timeoutMs, now: this.now });
    return this.runs.start({
      steps: DMS_TEST_STEP_IDS.map((id) => [id, STEP_TITLES[id]] as const),
      context: { endpoint: client.endpoint },
      execute: (rec) => this.execute(client, rec),
      onFinish: (run) => this.remember(run),
      ...(signal ? { signal } : {}),
    });
  }

  /** Starts a run and waits for it (CLI). */
  async run(signal?: AbortSignal): Promise<DmsTestRun> {
    return this.runs.wait((await this.start(signal)).runId);
  }

  get(runId: string): DmsTestRun {
    return this.runs.get(runId);
  }

  /** Cancels the run and returns it once it has stopped. */
  async cancel(runId: string): Promise<DmsTestRun> {
    this.runs.cancel(runId);
    return this.runs.wait(runId);
  }

  /** Stores a finished (not cancelled) run's outcome, shown on the DMS page after a restart. */
  private remember(run: DmsTestRun): void {
    if (run.state !== 'passed' && run.state !== 'failed') return;
    const failed = run.steps.find((st) => st.status === 'fail') ?? null;
    const record = { ok: run.state === 'passed', at: run.finishedAt ?? this.now().toISOString(), failedStep: failed?.id ?? null, code: failed?.code ?? null };
    rememberDmsTest(this.deps.settings, record);
  }

  private async execute(client: DmsClient, rec: StepRecorder<DmsTestStepId>): Promise<void> {
    const { signal } = rec;
    rec.begin('reach');
    let reached;
    try {
      reached = await client.reach(signal);
    } catch (err) {
      if (!signal.aborted) rec.fail('reach', asStepFailure(err));
      return;
    }
    const skew = reached.serverDate ? Math.round((Date.parse(reached.serverDate) - this.now().getTime()) / 60_000) : 0;
    // Worth saying before the signature step fails on it: the gateway allows about 15 minutes.
    const clock =
      Math.abs(skew) >= 2
        ? text(
            `; this computer's clock is ${Math.abs(skew)} min ${skew > 0 ? 'behind' : 'ahead'}`,
            `；本机时钟${skew > 0 ? '慢' : '快'} ${Math.abs(skew)} 分钟`,
          )
        : text('', '');
    // Any answer proves the endpoint is reachable; an unsigned probe is answered 400, which is no failure, so no status is shown.
    rec.pass('reach', text(`${client.endpoint} answered${clock.en}`, `${client.endpoint} 已应答${clock.zh}`));

    // One ListOrders call proves the last three steps; its time is shown on the first of them.
    rec.begin('signature');
    try {
      const page = await client.listOrders({ pageNumber: 1, pageSize: 1, orderStatus: 'ALL' }, signal);
      rec.pass('signature', null);
      rec.pass('list-orders', null, 0);
      rec.pass('tenant', text(`${page.totalCount} tickets visible as admin`, `以管理员身份可见 ${page.totalCount} 个工单`), 0);
    } catch (err) {
      if (signal.aborted) return;
      const failedAt = err instanceof DmsApiError ? STEP_OF_KIND[err.failure.kind] : 'signature';
      const proven: DmsTestStepId[] = ['signature', 'list-orders', 'tenant'];
      for (const id of proven.slice(0, proven.indexOf(failedAt))) rec.pass(id, null);
      rec.fail(failedAt, asStepFailure(err));
    }
  }
}
