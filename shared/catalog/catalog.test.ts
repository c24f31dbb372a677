import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS, channelDef } from './channels.js';
import { PERMISSIONS } from './permissions.js';
import { DMS_REGIONS, homepageUrl, redirectUrl, regionsFor, trustedH5Domain, US_SITE_NOTICE } from './regions.js';
import { guideFor, regionUrlsFor, SETUP_STEPS } from './setup-steps.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const guide = fs.readFileSync(path.resolve(repoRoot, '../shared/reference/dms-notification-guide.txt'), 'utf8');

/** The guide text between two headings (first occurrence of each, in order). */
function section(from: string, to: string, after = 0): string {
  const start = guide.indexOf(from, after);
  const end = guide.indexOf(to, start + from.length);
  expect(start, `heading "${from}"`).toBeGreaterThanOrEqual(0);
  expect(end, `heading "${to}"`).toBeGreaterThan(start);
  return guide.slice(start, end);
}

const urlsIn = (s: string): string[] => [...new Set(s.match(/https:\/\/dms-[a-z0-9-]+\.alibabacloud\.com(?![\w/.-])/g) ?? [])];
/** "RegionHomepage URL" table rows: `<name>https://dms-...` */
const tableRows = (s: string): { name: string; url: string }[] =>
  [...s.matchAll(/^\s*(.+?)(https:\/\/dms-[a-z0-9-]+\.alibabacloud\.com)\s*$/gm)].map((m) => ({ name: m[1]!.trim(), url: m[2]! }));

const dingtalkSetup = section('Step 1: Create an application', 'DingTalk Enterprise', guide.indexOf('Stage 1:'));
const feishuSetup = section('Feishu/Lark (International)', 'Stage 2:');
const feishuHomepages = section('Step 3: Add a web application', 'Step 4:', guide.indexOf('Feishu/Lark (International)'));
const credentialsAt = guide.indexOf('Retrieve credentials\n');
const credentials = section('Retrieve credentials\n', 'Configure the notification channel in DMS');

describe('regions vs guide', () => {
  it('every region URL in the guide is a catalog homepage and vice versa', () => {
    expect(new Set(urlsIn(guide))).toEqual(new Set(DMS_REGIONS.map((r) => homepageUrl(r.id))));
  });

  it('DingTalk / DingTalk Enterprise offer the eight regions of the DingTalk table, with its names, in order', () => {
    const rows = tableRows(dingtalkSetup);
    expect(rows).toHaveLength(8);
    for (const channel of ['dingtalk', 'dingtalk-enterprise'] as const) {
      expect(regionsFor(channel).map((r) => ({ name: r.name.en, url: homepageUrl(r.id) }))).toEqual(rows);
    }
    expect(rows.map((r) => r.url)).toContain('https://dms-cn-hongkong.alibabacloud.com');
    expect(rows.map((r) => r.url)).toContain('https://dms-ap-northeast-2.alibabacloud.com');
  });

  it('Feishu / Lark offer the six regions of the Feishu/Lark table, with its names, in order', () => {
    const rows = tableRows(feishuHomepages);
    expect(rows).toHaveLength(6);
    for (const channel of ['feishu', 'lark'] as const) {
      expect(regionsFor(channel).map((r) => ({ name: r.name.en, url: homepageUrl(r.id) }))).toEqual(rows);
    }
  });

  it('redirect URL = homepage + /console/mobile/index/ and trusted H5 domain = homepage, as in the guide example', () => {
    expect(feishuSetup).toContain(`Redirect URL: ${redirectUrl('ap-southeast-1')}`);
    expect(feishuSetup).toContain(`Trusted H5 domain name: ${trustedH5Domain('ap-southeast-1')}`);
    for (const r of regionsFor('feishu')) {
      expect(regionUrlsFor('feishu', r.id)).toEqual({
        homepage: `https://dms-${r.id}.alibabacloud.com`,
        redirectUrl: `https://dms-${r.id}.alibabacloud.com/console/mobile/index/`,
        trustedH5Domain: `https://dms-${r.id}.alibabacloud.com`,
      });
    }
    expect(regionUrlsFor('dingtalk', 'cn-hongkong')).toEqual({
      homepage: 'https://dms-cn-hongkong.alibabacloud.com',
      redirectUrl: null,
      trustedH5Domain: null,
    });
  });

  it('US site rule: stated in the guide, no US region offered, a notice for the region picker', () => {
    expect(guide).toContain('The US site does not support message notifications.');
    expect(DMS_REGIONS.some((r) => r.id.startsWith('us-'))).toBe(false);
    for (const c of CHANNEL_IDS) expect(guideFor(c).regions.some((r) => r.id.startsWith('us-'))).toBe(false);
    expect(US_SITE_NOTICE.en).toMatch(/US site/);
    expect(US_SITE_NOTICE.zh).toMatch(/美国站/);
  });
});

describe('credential fields vs guide', () => {
  const tables = {
    dingtalk: section('DingTalk\n', 'DingTalk Enterprise', credentialsAt),
    'dingtalk-enterprise': section('DingTalk Enterprise', 'Feishu/Lark', credentialsAt),
    feishu: section('Feishu/Lark', 'Configure the notification channel', credentialsAt),
  };
  const expected = {
    dingtalk: ['AppId', 'AgentId', 'AppKey', 'AppSecret', 'RobotCode', 'Card template ID', 'CorpId'],
    'dingtalk-enterprise': ['AppKey', 'AppSecret', 'RobotCode', 'Card template ID', 'CorpId'],
    feishu: ['AppId', 'AppSecret'],
    lark: ['AppId', 'AppSecret'],
  } as const;

  for (const channel of CHANNEL_IDS) {
    it(`${channel}: the guide's fields, required unless "(optional)", AppSecret secret, where-to-find from the guide`, () => {
      const table = channel === 'lark' ? tables.feishu : tables[channel];
      const fields = channelDef(channel).fields;
      expect(fields.map((f) => f.label)).toEqual(expected[channel]);
      for (const f of fields) {
        expect(table).toContain(f.label);
        expect(f.required, f.label).toBe(!table.includes(`${f.label} (optional)`));
        expect(f.secret, f.label).toBe(f.label === 'AppSecret');
        // Lark's where-to-find names only its own platform; the guide's row names both.
        const where = f.whereToFind.en.replace(' on the Lark Open Platform', ' on the Feishu Open Platform or Lark Open Platform');
        expect(table, `${f.label} where-to-find`).toContain(channel === 'lark' ? where : f.whereToFind.en);
        expect(f.whereToFind.zh.length).toBeGreaterThan(0);
      }
    });
  }

  it('the CorpId note is the guide sentence (addressed to users instead of "you")', () => {
    const note = channelDef('dingtalk').fields.find((f) => f.id === 'corpId')!.note!.en;
    expect(credentials).toContain(note.replace('lets users', 'lets you').replace('their DingTalk', 'your DingTalk'));
  });
});

describe('permissions vs guide', () => {
  const bullets = (s: string): string[] => [...s.matchAll(/^\s*•\s+(.+?)\s*$/gm)].map((m) => m[1]!);
  const dingtalkList = bullets(section('Step 4: Request permissions', 'Step 5:'));
  const feishuList = bullets(section('Step 5: Request permissions', 'Step 6:', guide.indexOf('Feishu/Lark (International)')));

  // The guide's own permissions; the ones Channel Desk needs beyond it say why.
  const guides = (c: keyof typeof PERMISSIONS) => PERMISSIONS[c].filter((p) => p.why === null);

  it('counts: DingTalk 8, DingTalk Enterprise 8, Feishu 7, Lark 6 from the guide', () => {
    expect(guides('dingtalk')).toHaveLength(8);
    expect(guides('dingtalk-enterprise')).toHaveLength(8);
    expect(guides('feishu')).toHaveLength(7);
    expect(guides('lark')).toHaveLength(6);
    expect(guide).toContain('Request the same eight permissions listed in the DingTalk section above.');
  });

  it('names exactly as the guide lists them, in order', () => {
    expect(guides('dingtalk').map((p) => p.name)).toEqual(dingtalkList);
    expect(guides('dingtalk-enterprise').map((p) => p.name)).toEqual(dingtalkList);
    const feishuNames = feishuList.map((n) => n.replace(/\s*\(Lark does not support this permission\)$/, ''));
    expect(guides('feishu').map((p) => p.name)).toEqual(feishuNames);
    const larkNames = feishuList.filter((n) => !n.includes('Lark does not support')).map((n) => n.trim());
    expect(guides('lark').map((p) => p.name)).toEqual(larkNames);
    expect(PERMISSIONS.lark.some((p) => /cloud documents/.test(p.name))).toBe(false);
  });

  it('every permission has a zh name, a unique id, and a scope only where the API reference names one', () => {
    const reference = fs.readFileSync(path.resolve(repoRoot, '../shared/reference/platform-apis.md'), 'utf8');
    for (const c of CHANNEL_IDS) {
      const ids = PERMISSIONS[c].map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of PERMISSIONS[c]) {
        expect(p.nameZh.length).toBeGreaterThan(0);
        // A permission beyond the guide names the scope the platform's own error names (the chat picker's 'im:chat:readonly').
        if (p.scope !== null && p.why === null) expect(reference, p.scope).toContain(`\`${p.scope}\``);
      }
    }
    for (const c of ['feishu', 'lark'] as const) expect(PERMISSIONS[c].find((p) => p.why !== null)?.scope).toBe('im:chat:readonly');
    expect(PERMISSIONS.dingtalk.find((p) => p.scope === 'qyapi_robot_sendmsg')?.name).toBe('Permission for internal enterprise robots to send messages');
    expect(PERMISSIONS.feishu.find((p) => p.scope === 'contact:user.id:readonly')?.name).toBe('Retrieve user ID by mobile number or email');
  });
});

describe('setup steps', () => {
  const common = ['create-app', 'add-robot', 'web-app', 'permissions', 'publish-version'];
  it('each platform has the guide steps; DingTalk the card template, Feishu/Lark the security settings', () => {
    for (const c of CHANNEL_IDS) {
      const ids = SETUP_STEPS[c].map((s) => s.id);
      for (const id of common) expect(ids, c).toContain(id);
      expect(ids.includes('card-template'), c).toBe(c.startsWith('dingtalk'));
      expect(ids.includes('security-settings'), c).toBe(!c.startsWith('dingtalk'));
      const g = guideFor(c);
      expect(new Set(g.checklistIds).size).toBe(g.checklistIds.length);
      expect(g.steps.filter((s) => s.listsPermissions)).toHaveLength(1);
      for (const s of g.steps) {
        expect(s.title.zh && s.detail.zh && s.title.en && s.detail.en).toBeTruthy();
      }
    }
    expect(SETUP_STEPS.dingtalk.find((s) => s.id === 'add-robot')?.detail.en).toContain('HTTP mode');
    expect(SETUP_STEPS.feishu.find((s) => s.id === 'security-settings')?.regionUrls).toEqual(['redirectUrl', 'trustedH5Domain']);
  });

  it('the last step asks for one tap on "Open DMS" on a phone and says which link forms are documented and which are not', () => {
    for (const c of CHANNEL_IDS) {
      const last = SETUP_STEPS[c].at(-1)!;
      expect(last.id, c).toBe('open-dms-on-phone');
      expect(last.detail.en).toMatch(/phone.*"Open DMS".*tick/s);
      expect(last.detail.en).toMatch(/documented/);
      expect(last.detail.zh).toContain('打开 DMS');
    }
    expect(SETUP_STEPS.dingtalk.at(-1)!.detail.en).toMatch(/app_id = AgentId\) and any DMS ticket URL are not/);
    expect(SETUP_STEPS.lark.at(-1)!.detail.en).toMatch(/a DMS ticket URL is not/);
  });
});
