import Mustache from 'mustache';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import { TEMPLATE_MAX_CHARS, TEMPLATE_VARIABLES, type TemplateValues } from '../../../../shared/template-variables.js';
import { nearest } from '../nearest.js';

// Editors check a template per keystroke: Mustache's parse cache would keep every draft forever.
Mustache.templateCache = undefined;

type Spans = ReturnType<typeof Mustache.parse>;
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

const tag = (s: string): string => `{{${s}}}`;

/** Mustache's parse errors ("Unclosed section "x" at 12") as the admin's words. */
function parseProblem(err: unknown): LocalizedText {
  const msg = err instanceof Error ? err.message : String(err);
  const unclosed = /^Unclosed section "(.*)" at/.exec(msg);
  if (unclosed) {
    const n = unclosed[1]!;
    return text(`unbalanced section ${tag(`#${n}`)} — missing ${tag(`/${n}`)}`, `区块不配对：${tag(`#${n}`)} 缺少 ${tag(`/${n}`)}`);
  }
  const unopened = /^Unopened section "(.*)" at/.exec(msg);
  if (unopened) {
    const n = unopened[1]!;
    return text(`unbalanced section ${tag(`/${n}`)} — no ${tag(`#${n}`)} before it`, `区块不配对：${tag(`/${n}`)} 之前没有 ${tag(`#${n}`)}`);
  }
  if (msg.startsWith('Unclosed tag')) return text('unclosed tag: a "{{" has no "}}"', '标签未闭合：“{{”缺少“}}”');
  return text(`the template cannot be read: ${msg}`, `无法解析模板：${msg}`);
}

function unknownName(name: string): LocalizedText {
  const near = nearest(name, TEMPLATE_VARIABLES, (v) => v)[0];
  return near
    ? text(`unknown variable ${tag(name)} — did you mean ${tag(near)}?`, `未知变量 ${tag(name)}，是否应为 ${tag(near)}？`)
    : text(`unknown variable ${tag(name)}`, `未知变量 ${tag(name)}`);
}

/**
 * Every variable and section name must be a documented variable; no partials. `.` is the current
 * value of a `{{#x}}` section: outside one (an inverted section keeps the outer value) it would be the
 * whole view, which Mustache cannot turn into text.
 */
function nameProblems(spans: Spans, out: LocalizedText[], inSection = false): void {
  for (const span of spans) {
    const [type, name] = span;
    if (type === '>') out.push(text(`partials (${tag(`>${name}`)}) are not supported`, `不支持子模板（${tag(`>${name}`)}）`));
    else if ((type === 'name' || type === '&') && name === '.' && !inSection) {
      out.push(
        text(
          `${tag('.')} is only allowed inside a section such as ${tag('#approvers')}…${tag('/approvers')}`,
          `${tag('.')} 只能用在区块之内，例如 ${tag('#approvers')}…${tag('/approvers')}`,
        ),
      );
    } else if ((type === 'name' || type === '&' || type === '#' || type === '^') && name !== '.' && !KNOWN.has(name)) out.push(unknownName(name));
    const nested = span[4];
    if (Array.isArray(nested)) nameProblems(nested, out, inSection || type === '#');
  }
}

/**
 * Names in a template Mustache cannot parse, read tag by tag, so an unbalanced section does not hide an unknown
 * variable: the admin sees every problem at once. Closing tags repeat an opening one and are skipped.
 */
function tagNameProblems(source: string, out: LocalizedText[]): void {
  for (const m of source.matchAll(/\{\{(\{?)\s*([#^&>!/]?)\s*([^}]*?)\s*\}?\}\}/g)) {
    const [, , type = '', name = ''] = m;
    if (type === '!' || type === '/' || name === '.' || name === '') continue;
    if (type === '>') out.push(text(`partials (${tag(`>${name}`)}) are not supported`, `不支持子模板（${tag(`>${name}`)}）`));
    else if (!KNOWN.has(name)) out.push(unknownName(name));
  }
}

/** Syntax and names (not size): every problem of a template at once, each named once; empty when it can be used. */
export function templateSyntaxProblems(source: string): LocalizedText[] {
  const out: LocalizedText[] = [];
  if (source.length > TEMPLATE_MAX_CHARS) {
    out.push(text(`the template is longer than ${TEMPLATE_MAX_CHARS} characters`, `模板超过 ${TEMPLATE_MAX_CHARS} 个字符`));
  }
  const spans = parseSpans(source);
  if (spans instanceof Array) nameProblems(spans, out);
  else {
    out.push(parseProblem(spans.error));
    tagNameProblems(source, out);
  }
  return [...new Map(out.map((p) => [p.en, p])).values()];
}

/** True when Mustache can read the template (it can then be rendered, e.g. to measure it). */
export const parses = (source: string): boolean => parseSpans(source) instanceof Array;

function parseSpans(source: string): Spans | { error: unknown } {
  try {
    return Mustache.parse(source);
  } catch (error) {
    return { error };
  }
}

/**
 * Renders a checked template. The view has no prototype and only strings, so a name can reach
 * nothing but the documented values (no functions, no `constructor`). `escape` applies to `{{x}}`
 * (markdown escaping for markdown bodies; none for text); `{{{x}}}` is always raw. JSON escaping is
 * the platform client's job (it JSON-encodes the body).
 */
export function renderTemplate(source: string, values: TemplateValues, escape: (s: string) => string): string {
  const view = Object.assign(Object.create(null) as Record<string, string | number>, values);
  return Mustache.render(source, view, {}, { escape: (v: unknown) => escape(String(v)) });
}
