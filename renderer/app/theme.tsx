import { theme } from 'antd';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useMediaQuery } from './media-query';

/** 'system' follows the OS (prefers-color-scheme) live; the choice is kept per install in localStorage. */
export type ThemeMode = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'channel-desk.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const isThemeMode = (v: unknown): v is ThemeMode => v === 'system' || v === 'light' || v === 'dark';

function storedMode(): ThemeMode {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isThemeMode(v)) return v;
  } catch {
    // Storage disabled: follow the OS.
  }
  return 'system';
}

interface ThemeState {
  readonly mode: ThemeMode;
  readonly dark: boolean;
  setMode(mode: ThemeMode): void;
}

const ThemeContext = createContext<ThemeState | null>(null);

export function ThemeModeProvider({ children }: { children: ReactNode }) {
  const [mode, setModeState] = useState<ThemeMode>(storedMode);
  const osDark = useMediaQuery(DARK_QUERY);

  const dark = mode === 'dark' || (mode === 'system' && osDark);
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  }, [dark]);

  const value = useMemo<ThemeState>(
    () => ({
      mode,
      dark,
      setMode(next) {
        setModeState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not fatal: the choice lasts for this session.
        }
      },
    }),
    [mode, dark],
  );
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeMode(): ThemeState {
  const ctx = useContext(ThemeContext);
  if (!ctx) throw new Error('useThemeMode outside ThemeModeProvider');
  return ctx;
}

/** antd's algorithm for the current mode. */
export const algorithmFor = (dark: boolean) => (dark ? theme.darkAlgorithm : theme.defaultAlgorithm);
