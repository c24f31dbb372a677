import { randomUUID } from 'node:crypto';
import type { DiagnosticRun, DiagnosticStep } from '../../../shared/contract/diagnostics.js';
import { AppError } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';

/** Finished runs kept for `get`; older finished ones are dropped. */
const KEEP_RUNS = 50;

/** Thrown (or passed to `fail`) to fail a step with a diagnosis. */
export class StepFailure extends Error {
  constructor(
    readonly diagnosis: LocalizedText,
    readonly fix: LocalizedText | null,
    readonly extra: { code?: string | null; consoleUrl?: string | null; missingScopes?: readonly string[]; requestId?: string | null } = {},
  ) {
    super(diagnosis.en);
  }

  /** An AppError keeps its text, fix and code; anything else is an internal error. */
  static from(err: unknown): StepFailure {
    if (err instanceof StepFailure) return err;
    if (err instanceof AppError) return new StepFailure(err.text, err.fix ?? null, { code: err.code });
    return new StepFailure(text('Unexpected internal error.', '意外的内部错误。'), null, { code: 'INTERNAL' });
  }
}

/** What a run's body uses to report progress; every call is visible to `get` at once. */
export interface StepRecorder<Id extends string> {
  readonly runId: string;
  /** Aborted when the run is cancelled. */
  readonly signal: AbortSignal;
  /** True once a step has failed. */
  readonly failed: boolean;
  begin(id: Id): void;
  /** Duration: the given one, else the time since `begin`, else null. */
  pass(id: Id, detail: LocalizedText | null, durationMs?: number): void;
  fail(id: Id, failure: StepFailure): void;
  skip(id: Id, detail: LocalizedText): void;
  warn(message: LocalizedText, fix?: LocalizedText | null): void;
}

type StepOf<R extends DiagnosticRun> = R['steps'][number];
type IdOf<R extends DiagnosticRun> = StepOf<R>['id'] & string;

export interface StartOptions<R extends DiagnosticRun> {
  /** The steps in order, with their titles. */
  readonly steps: readonly (readonly [IdOf<R>, LocalizedText])[];
  /** The run's own fields beyond the shared ones (channel, endpoint). */
  readonly context: Omit<R, keyof DiagnosticRun>;
  readonly execute: (rec: StepRecorder<IdOf<R>>) => Promise<void>;
  /** Sees every change (the CLI prints them). */
  readonly onChange?: (run: R) => void;
  /** Cancels the run when aborted (the CLI's Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Runs before `wait` resolves, with the final run. */
  readonly onFinish?: (run: R) => void;
}

interface Entry<R> {
  run: R;
  readonly controller: AbortController;
  finished: Promise<R>;
}

/**
 * The background runs of one kind of diagnostic test: start, get, cancel, wait. A run's state is
 * derived from its steps: cancelled if cancelled, failed if a step failed, passed otherwise; steps
 * still pending or running at the end are skipped.
 */
export class DiagnosticRuns<R extends DiagnosticRun> {
  private readonly runs = new Map<string, Entry<R>>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  start(opts: StartOptions<R>): R {
    const controller = new AbortController();
    opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const run = {
      ...opts.context,
      runId: randomUUID(),
      state: 'running',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      steps: opts.steps.map(([id, title]): DiagnosticStep => ({
        id,
        title,
        status: 'pending',
        durationMs: null,
        detail: null,
        diagnosis: null,
        fix: null,
        code: null,
        consoleUrl: null,
        requestId: null,
        missingScopes: [],
      })),
      warnings: [],
    } as DiagnosticRun as R;
    const entry: Entry<R> = { run, controller, finished: Promise.resolve(run) };
    entry.finished = this.execute(entry, opts);
    this.runs.set(run.runId, entry);
    this.prune();
    return structuredClone(run);
  }

  get(runId: string): R {
    return structuredClone(this.entry(runId).run);
  }

  /** False when the run had already finished. */
  cancel(runId: string): boolean {
    const e = this.entry(runId);
    if (e.run.state !== 'running') return false;
    e.controller.abort();
    return true;
  }

  /** Resolves with the final run. */
  async wait(runId: string): Promise<R> {
    return structuredClone(await this.entry(runId).finished);
  }

  private entry(runId: string): Entry<R> {
    const e = this.runs.get(runId);
    if (!e) throw new AppError('NOT_FOUND', text('No test run with this id (it may have expired).', '没有此编号的测试（可能已过期）。'));
    return e;
  }

  private prune(): void {
    for (const [id, e] of this.runs) {
      if (this.runs.size <= KEEP_RUNS) break;
      if (e.run.state !== 'running') this.runs.delete(id);
    }
  }

  private async execute(entry: Entry<R>, opts: StartOptions<R>): Promise<R> {
    const { run } = entry;
    const signal = entry.controller.signal;
    const started = new Map<string, number>();
    const changed = (): void => opts.onChange?.(structuredClone(run));
    const step = (id: string): DiagnosticStep => run.steps.find((s) => s.id === id)!;
    const elapsed = (id: string): number | null => {
      const t0 = started.get(id);
      return t0 === undefined ? null : Math.round(performance.now() - t0);
    };
    const rec: StepRecorder<IdOf<R>> = {
      runId: run.runId,
      signal,
      get failed() {
        return run.steps.some((s) => s.status === 'fail');
      },
      begin(id) {
        started.set(id, performance.now());
        step(id).status = 'running';
        changed();
      },
      pass(id, detail, durationMs) {
        Object.assign(step(id), { status: 'pass', detail, durationMs: durationMs ?? elapsed(id) });
        changed();
      },
      fail(id, f) {
        Object.assign(step(id), {
          status: 'fail',
          durationMs: elapsed(id),
          diagnosis: f.diagnosis,
          fix: f.fix,
          code: f.extra.code ?? null,
          consoleUrl: f.extra.consoleUrl ?? null,
          requestId: f.extra.requestId ?? null,
          missingScopes: [...(f.extra.missingScopes ?? [])],
        });
        changed();
      },
      skip(id, detail) {
        Object.assign(step(id), { status: 'skipped', detail });
        changed();
      },
      warn(message, fix = null) {
        run.warnings.push({ message, fix });
        changed();
      },
    };

    try {
      await opts.execute(rec);
    } catch (err) {
      // A body lets only the unexpected escape (and a cancellation, which needs no diagnosis).
      const current = run.steps.find((s) => s.status === 'running');
      if (current && !signal.aborted) rec.fail(current.id, StepFailure.from(err));
    }
    run.state = signal.aborted ? 'cancelled' : rec.failed ? 'failed' : 'passed';
    run.finishedAt = this.now().toISOString();
    const why = signal.aborted ? text('Cancelled.', '已取消。') : text('Skipped because an earlier step failed.', '因前面的步骤失败而跳过。');
    for (const s of run.steps) {
      if (s.status === 'pending' || s.status === 'running') Object.assign(s, { status: 'skipped', detail: why });
    }
    opts.onFinish?.(run);
    changed();
    return run;
  }
}
