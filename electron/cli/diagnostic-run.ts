import type { DiagnosticRun, RunState, StepStatus } from '../../shared/contract/diagnostics.js';
import { pick, text, type Language, type LocalizedText } from '../../shared/i18n-text.js';

const MARK: Record<StepStatus, string> = { pending: '·', running: '…', pass: '✓', fail: '✗', skipped: '-' };
const RESULT: Record<RunState, LocalizedText> = {
  running: text('Running.', '运行中。'),
  passed: text('Passed.', '通过。'),
  failed: text('Failed.', '失败。'),
  cancelled: text('Cancelled.', '已取消。'),
};

/**
 * A credential or connection test as lines: a heading, one line per step with diagnosis, fix and
 * console page under a failed one, the warnings, and the result.
 */
export function formatDiagnosticRun(heading: LocalizedText, run: DiagnosticRun, lang: Language): string[] {
  const zh = lang === 'zh-CN';
  const lines = [pick(heading, lang)];
  for (const s of run.steps) {
    const ms = s.durationMs === null ? '' : ` (${s.durationMs} ms)`;
    const detail = s.detail ? ` — ${pick(s.detail, lang)}` : '';
    lines.push(`  ${MARK[s.status]} ${pick(s.title, lang)}${ms}${detail}`);
    if (s.diagnosis) lines.push(`      ${pick(s.diagnosis, lang)}${s.code ? ` [${s.code}]` : ''}${s.requestId ? ` RequestId ${s.requestId}` : ''}`);
    if (s.fix) lines.push(`      ${zh ? '解决方法：' : 'Fix: '}${pick(s.fix, lang)}`);
    if (s.consoleUrl && s.status === 'fail') lines.push(`      ${zh ? '打开：' : 'Open: '}${s.consoleUrl}`);
  }
  for (const w of run.warnings) {
    lines.push(`  ! ${pick(w.message, lang)}`);
    if (w.fix) lines.push(`      ${pick(w.fix, lang)}`);
  }
  lines.push(pick(RESULT[run.state], lang));
  return lines;
}
