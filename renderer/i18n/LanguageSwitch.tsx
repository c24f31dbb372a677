import { Segmented } from 'antd';
import { useLanguage } from './LanguageProvider';
import type { Language } from '../../shared/i18n-text';

const OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en-US', label: 'English' },
];

/** Header switch; each option names its language in that language. */
export function LanguageSwitch({ testId = 'language-switch' }: { testId?: string }) {
  const { language, setLanguage } = useLanguage();
  return <Segmented<Language> data-testid={testId} aria-label="Language / 语言" options={OPTIONS} value={language} onChange={(v) => void setLanguage(v)} />;
}
