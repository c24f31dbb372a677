import { CHANNELS, type ChannelId } from './catalog/channels.js';
import { text, type LocalizedText } from './i18n-text.js';

/** What `config import` changed; users / rules are null when the file had no such section. */
export interface ImportSummary {
  readonly channels: ChannelId[];
  readonly users: number | null;
  readonly rules: number | null;
  readonly secretsStored: number;
}

const listEn = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const listZh = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`);

/**
 * The import's result as the admin reads it, in the UI and the CLI alike: "Imported the Feishu channel,
 * 2 users and 1 rule. 1 secret was stored in the keychain." Sections the file did not have are named as
 * left unchanged rather than counted.
 */
export function importSummaryText(s: ImportSummary): LocalizedText {
  const en: string[] = [];
  const zh: string[] = [];
  if (s.channels.length > 0) {
    const names = CHANNELS.filter((c) => s.channels.includes(c.id)).map((c) => c.name);
    en.push(`the ${listEn(names.map((n) => n.en))} ${names.length === 1 ? 'channel' : 'channels'}`);
    zh.push(`${listZh(names.map((n) => n.zh))}渠道`);
  }
  if (s.users !== null) {
    en.push(s.users === 1 ? '1 user' : `${s.users} users`);
    zh.push(`${s.users} 个用户`);
  }
  if (s.rules !== null) {
    en.push(s.rules === 1 ? '1 rule' : `${s.rules} rules`);
    zh.push(`${s.rules} 条规则`);
  }
  const sentencesEn = [en.length > 0 ? `Imported ${listEn(en)}.` : 'Imported the file.'];
  const sentencesZh = [zh.length > 0 ? `已导入${listZh(zh)}。` : '已导入文件。'];
  if (s.secretsStored > 0) {
    sentencesEn.push(s.secretsStored === 1 ? '1 secret was stored in the keychain.' : `${s.secretsStored} secrets were stored in the keychain.`);
    sentencesZh.push(`${s.secretsStored} 个密钥已存入钥匙串。`);
  }
  const absent = [s.users === null ? text('users', '用户') : null, s.rules === null ? text('rules', '规则') : null].filter((t) => t !== null);
  if (absent.length === 2) {
    sentencesEn.push('The file has no users or rules, so the stored ones stay as they were.');
    sentencesZh.push('文件中没有用户和规则，已有的保持不变。');
  } else if (absent[0]) {
    sentencesEn.push(`The file has no ${absent[0].en}, so the stored ${absent[0].en} stay as they were.`);
    sentencesZh.push(`文件中没有${absent[0].zh}，已有的${absent[0].zh}保持不变。`);
  }
  // Chinese puts a space between Han characters and Latin letters or digits (飞书和 Lark 渠道、和 1 条规则).
  const zhText = sentencesZh
    .join('')
    .replace(/(\p{Script=Han})([A-Za-z0-9])/gu, '$1 $2')
    .replace(/([A-Za-z0-9])(\p{Script=Han})/gu, '$1 $2');
  return text(sentencesEn.join(' '), zhText);
}
