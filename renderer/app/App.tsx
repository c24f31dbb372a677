import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { HashRouter } from 'react-router';
import { BusyMarker } from '../api/busy-marker';
import { LanguageProvider, useLanguage } from '../i18n/LanguageProvider';
import { AppLayout } from './AppLayout';
import { useReducedMotion } from './media-query';
import { algorithmFor, ThemeModeProvider, useThemeMode } from './theme';

function Themed() {
  const { language } = useLanguage();
  const { dark } = useThemeMode();
  // The OS asks for less motion: antd's components open, close and move without animating.
  const reducedMotion = useReducedMotion();
  return (
    // hashed: false matches the class names of the prebuilt antd.css (start-app.tsx), and zeroRuntime leaves the
    // components' styles to it: no style is generated at render (the tokens stay CSS variables, so dark mode works).
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCN : enUS}
      theme={{ algorithm: algorithmFor(dark), hashed: false, zeroRuntime: true, token: { motion: !reducedMotion } }}
    >
      <AntApp>
        <HashRouter>
          <AppLayout />
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <BusyMarker />
      <ThemeModeProvider>
        <Themed />
      </ThemeModeProvider>
    </LanguageProvider>
  );
}
