import { describe, expect, it } from 'vitest';
import type { DiagnosticRun } from '../../../shared/contract/diagnostics.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { DiagnosticRuns, StepFailure, type StepRecorder } from './runner.js';

type Run = DiagnosticRun & { label: string };
const STEPS = [
  ['a', text('A', '甲')],
  ['b', text('B', '乙')],
  ['c', text('C', '丙')],
] as const;
const at = new Date('2026-01-02T03:04:05Z');

const start = (runs: DiagnosticRuns<Run>, execute: (rec: StepRecorder<string>) => Promise<void>, onFinish?: (run: Run) => void) =>
  runs.start({ steps: STEPS, context: { label: 'x' }, execute, ...(onFinish ? { onFinish } : {}) });

describe('DiagnosticRuns', () => {
  it('passes when every step passes, with titles, durations and context', async () => {
    const runs = new DiagnosticRuns<Run>(() => at);
    const first = start(runs, async (rec) => {
      for (const id of ['a', 'b', 'c']) {
        rec.begin(id);
        rec.pass(id, text(`${id} ok`, `${id} 好`));
      }
    });
    expect(first).toMatchObject({ state: 'running', label: 'x', startedAt: at.toISOString(), finishedAt: null });
    const done = await runs.wait(first.runId);
    expect(done.state).toBe('passed');
    expect(done.finishedAt).toBe(at.toISOString());
    expect(done.steps.map((s) => [s.id, s.title.en, s.status])).toEqual([
      ['a', 'A', 'pass'],
      ['b', 'B', 'pass'],
      ['c', 'C', 'pass'],
    ]);
    expect(done.steps.every((s) => typeof s.durationMs === 'number')).toBe(true);
    expect(runs.cancel(first.runId)).toBe(false);
  });

  it('a failed step fails the run and skips the rest; onFinish sees the final run before wait resolves', async () => {
    const runs = new DiagnosticRuns<Run>();
    const seen: string[] = [];
    const { runId } = start(
      runs,
      async (rec) => {
        rec.begin('a');
        rec.pass('a', null);
        rec.begin('b');
        rec.fail('b', new StepFailure(text('bad', '坏'), text('fix it', '修好'), { code: 'E1', requestId: 'req-1', missingScopes: ['s1'] }));
        expect(rec.failed).toBe(true);
      },
      (run) => seen.push(run.state),
    );
    const done = await runs.wait(runId);
    expect(seen).toEqual(['failed']);
    expect(done.state).toBe('failed');
    expect(done.steps[1]).toMatchObject({
      status: 'fail',
      code: 'E1',
      requestId: 'req-1',
      missingScopes: ['s1'],
      diagnosis: { en: 'bad' },
      fix: { en: 'fix it' },
    });
    expect(done.steps[2]).toMatchObject({ status: 'skipped', detail: { en: 'Skipped because an earlier step failed.' } });
  });

  it('an unexpected error fails the running step; an AppError keeps its code and text', async () => {
    const runs = new DiagnosticRuns<Run>();
    const boom = start(runs, async (rec) => {
      rec.begin('a');
      throw new TypeError('boom');
    });
    expect((await runs.wait(boom.runId)).steps[0]).toMatchObject({ status: 'fail', code: 'INTERNAL' });
    const app = start(runs, async (rec) => {
      rec.begin('a');
      throw new AppError('BAD_INPUT', text('no tid', '无 tid'));
    });
    expect((await runs.wait(app.runId)).steps[0]).toMatchObject({ status: 'fail', code: 'BAD_INPUT', diagnosis: { en: 'no tid' } });
  });

  it('cancel aborts the body; steps not finished are skipped as cancelled', async () => {
    const runs = new DiagnosticRuns<Run>();
    const { runId } = start(runs, async (rec) => {
      rec.begin('a');
      await new Promise<void>((resolve) => rec.signal.addEventListener('abort', () => resolve(), { once: true }));
    });
    expect(runs.get(runId).steps[0]!.status).toBe('running');
    expect(runs.cancel(runId)).toBe(true);
    const done = await runs.wait(runId);
    expect(done.state).toBe('cancelled');
    expect(done.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(done.steps[0]!.detail?.en).toBe('Cancelled.');
  });

  it('snapshots are copies, and an unknown id is NOT_FOUND', async () => {
    const runs = new DiagnosticRuns<Run>();
    const { runId } = start(runs, async () => {});
    const snap = runs.get(runId);
    snap.steps[0]!.status = 'fail';
    expect(runs.get(runId).steps[0]!.status).not.toBe('fail');
    expect(() => runs.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
