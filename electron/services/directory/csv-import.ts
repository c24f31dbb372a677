import { parse } from 'csv-parse/sync';
import { dmsUserInputSchema, type ImportRowError } from '../../../shared/contract/users.js';
import { parseLocalized } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { DmsUser } from '../settings/schema.js';

const COLUMNS = ['uid', 'name', 'mobile', 'email'] as const;

const FIELD_TEXT: Record<string, { en: string; zh: string }> = {
  uid: { en: 'uid is missing', zh: '缺少 uid' },
  mobile: { en: 'mobile number is invalid', zh: '手机号无效' },
  email: { en: 'e-mail address is invalid', zh: '邮箱地址无效' },
};

export interface ParsedCsv {
  readonly users: DmsUser[];
  readonly errors: ImportRowError[];
}

/**
 * Users from CSV text with the header `uid,name,mobile,email` (any order; name/mobile/email optional).
 * Each bad row is reported with its line number (header = row 1) and why; the good rows are returned.
 * A missing `uid` column or unparsable CSV is one error on row 1 and no users.
 */
export function parseUsersCsv(csv: string): ParsedCsv {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- names the record shape csv-parse returns with info: true
    records = parse(csv, {
      columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    const why = (err as Error).message.replace(/^Invalid /, '');
    return { users: [], errors: [{ row: line, reason: text(`The file is not valid CSV: ${why}`, `文件不是有效的 CSV：${why}`) }] };
  }
  if (!header.includes('uid')) {
    return {
      users: [],
      errors: [
        {
          row: 1,
          reason: text(`The header must name the columns ${COLUMNS.join(',')} (uid is required).`, `表头必须包含列 ${COLUMNS.join(',')}（uid 必填）。`),
        },
      ],
    };
  }
  const users: DmsUser[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const row = info.lines;
    const input = { uid: record.uid ?? '', name: record.name ?? '', mobile: record.mobile ?? '', email: record.email ?? '' };
    const parsed = dmsUserInputSchema.safeParse(input);
    if (!parsed.success) {
      // The same issues in words (never zod's text), for the ones without a short reason of their own.
      const worded = parseLocalized(dmsUserInputSchema, input);
      const sentences = worded.success ? [] : worded.issues;
      const reasons = parsed.error.issues.map((i, n) => {
        const field = String(i.path[0] ?? '');
        if (field === 'mobile' && i.message.startsWith('a mobile')) return { en: 'needs a mobile number or an e-mail', zh: '需要手机号或邮箱' };
        if ((field === 'uid' || field === 'name') && i.code === 'custom') return { en: i.message, zh: String(i.params?.['zh'] ?? i.message) };
        return FIELD_TEXT[field] ?? sentences[n]?.message ?? text(`${field} is not valid`, `${field} 无效`);
      });
      errors.push({ row, reason: text(`Row ${row}: ${reasons.map((r) => r.en).join('; ')}`, `第 ${row} 行：${reasons.map((r) => r.zh).join('；')}`) });
      continue;
    }
    const first = seen.get(parsed.data.uid);
    if (first !== undefined) {
      errors.push({
        row,
        reason: text(`Row ${row}: uid ${parsed.data.uid} already appears on row ${first}`, `第 ${row} 行：uid ${parsed.data.uid} 已在第 ${first} 行出现`),
      });
      continue;
    }
    seen.set(parsed.data.uid, row);
    users.push(parsed.data);
  }
  return { users, errors };
}
