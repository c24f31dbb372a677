import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DINGTALK_CODES, explain, FEISHU_CODES, lookupCode } from './explain.js';

/** The error codes of the DingTalk and Feishu / Lark API references (DingTalk error codes, Feishu generic and IM codes). */
const DINGTALK_TABLE = [
  '-1',
  '88',
  '60011',
  '40014',
  '42001',
  '40089',
  '60121',
  '40104',
  '400002',
  '90002',
  '90018',
  '90019',
  '90020',
  'Forbidden.AccessDenied.ApiCountLimitForOrg',
  'ipBlocked',
  'InvalidAuthentication',
  'Forbidden.AccessDenied.AccessTokenPermissionDenied',
  'Forbidden.AccessDenied.IpNotInWhiteList',
  'param.*',
  'flowControlledStaffIdList',
  'invalidStaffIdList',
  '130101',
  '310000',
  // §1.1 and §1.7
  'invalid.client',
  'unsupported.grant.type',
  'param.cardTemplateIdEmpty',
  'param.outTrackIdEmpty',
  'param.userIdNotExist',
  'param.contentUnsafe',
  'param.openSpaceModelInvalid',
];
const FEISHU_BATCH_SEND = ['10002', '10003', '11101', '11203', '11204', '11205', '11207', '11209', '11210', '11246', '11247', '11312'];
const FEISHU_TABLE = [
  '99991400',
  '99991401',
  '99991403',
  '99991661',
  '99991662',
  '99991663',
  '99991664',
  '99991665',
  '99991671',
  '99991672',
  '99991673',
  '99992351',
  '99992360',
  '99992361',
  '10003',
  '10014',
  '10015',
  '1500',
  '5000',
  '10101',
  '2200',
  '230001',
  '230002',
  '230006',
  '230013',
  '230018',
  '230020',
  '230022',
  '230025',
  '230027',
  '230028',
  '230035',
  '230038',
  '230049',
  '230099',
  '232009',
  '1000040351',
];
const CARD_ERRCODES = ['200380', '200381', '200621', '200732', '100290'];

const REFERENCE = fileURLToPath(new URL('../../../../shared/reference/platform-apis.md', import.meta.url));

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  const next = doc.indexOf('\n### ', start + heading.length);
  return doc.slice(start, next < 0 ? undefined : next);
}
const firstCells = (s: string): string[] =>
  s
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Code') && !l.startsWith('|---'))
    .map((l) => l.split('|')[1]!.trim());

describe('error-code explainer', () => {
  it('covers every DingTalk code of the reference with en + zh meaning and fix', () => {
    for (const code of DINGTALK_TABLE) {
      const e = lookupCode('dingtalk', code);
      expect(e, code).toBeDefined();
      expect(e!.meaning.en && e!.meaning.zh && e!.fix.en && e!.fix.zh, code).toBeTruthy();
    }
  });

  it('covers every Feishu/Lark code of the reference, including 230099 card ErrCodes', () => {
    for (const code of [...FEISHU_BATCH_SEND, ...FEISHU_TABLE]) {
      const e = lookupCode('feishu', code);
      expect(e, code).toBeDefined();
      expect(e!.meaning.zh.length, code).toBeGreaterThan(0);
    }
    for (const sub of CARD_ERRCODES) expect(FEISHU_CODES[`230099/${sub}`], sub).toBeDefined();
  });

  it.runIf(existsSync(REFERENCE))('matches the codes in the reference tables themselves', () => {
    const doc = readFileSync(REFERENCE, 'utf8');
    const dingtalk = firstCells(section(doc, '### 1.9')).flatMap((cell) =>
      cell === 'IP block' ? ['ipBlocked'] : [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((c) => c !== 'sub_code'),
    );
    const feishu = firstCells(section(doc, '### 3.5')).flatMap((cell) => [...cell.matchAll(/\d+/g)].map((m) => m[0]));
    const batch = [...(/Errors are HTTP \*\*200\*\*:(.*)/.exec(section(doc, '### 3.4'))?.[1] ?? '').matchAll(/`(\d+)`/g)].map((m) => m[1]!);
    expect(dingtalk.length).toBeGreaterThan(20);
    expect(feishu.length).toBeGreaterThan(30);
    expect(batch.length).toBe(12);
    for (const code of dingtalk) expect(DINGTALK_CODES[code], `DingTalk ${code}`).toBeDefined();
    for (const code of [...feishu, ...batch]) expect(FEISHU_CODES[code], `Feishu ${code}`).toBeDefined();
  });

  it('names missing scopes and the console page of the app', () => {
    const e = explain('lark', '99991672', { missingScopes: ['im:message'], appId: 'cli_abc12345678' });
    expect(e.fix.en).toContain('im:message');
    expect(e.fix.zh).toContain('im:message');
    expect(e.consoleUrl).toBe('https://open.larksuite.com/app/cli_abc12345678/auth');
    expect(e.retryable).toBe(false);
  });

  it('explains DingTalk 88 by its sub-code and card ErrCodes by theirs', () => {
    expect(explain('dingtalk', '88', { sub: '60011' }).message.en).toMatch(/no permission/);
    expect(explain('feishu', '230099', { sub: '200380' }).message.en).toMatch(/not published/);
    expect(explain('dingtalk', 'param.somethingNew').fix.en).toMatch(/card template/);
  });

  it('says the code and platform message for unknown codes', () => {
    const e = explain('feishu', '424242', { platformMessage: 'odd' });
    expect(e.message.en).toContain('424242');
    expect(e.message.en).toContain('odd');
  });
});
