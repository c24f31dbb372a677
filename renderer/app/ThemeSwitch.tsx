import { DesktopOutlined, MoonOutlined, SunOutlined } from '@ant-design/icons';
import { Segmented, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useThemeMode, type ThemeMode } from './theme';

/** Header switch: follow the OS, light or dark. Icons only (the header is narrow at 1024 px), named for screen readers. */
export function ThemeSwitch() {
  const { t } = useTranslation('shell');
  const { mode, setMode } = useThemeMode();
  const options = (
    [
      ['system', <DesktopOutlined key="s" />],
      ['light', <SunOutlined key="l" />],
      ['dark', <MoonOutlined key="d" />],
    ] as const
  ).map(([value, icon]) => ({
    value,
    label: (
      <Tooltip title={t(`theme.${value}`)}>
        <span aria-label={t(`theme.${value}`)} data-testid={`theme-${value}`}>
          {icon}
        </span>
      </Tooltip>
    ),
  }));
  return <Segmented<ThemeMode> data-testid="theme-switch" aria-label={t('theme.label')} options={options} value={mode} onChange={setMode} />;
}
