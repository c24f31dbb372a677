// antd's styles, built ahead by antd: with `hashed: false` (App.tsx) its components find theirs in this file's
// cache map and skip generating and inserting CSS at render (the largest cost of the first render). The theme's
// values stay CSS variables set at runtime, so dark mode and the tokens work as before.
import 'antd/dist/antd.css';
import './i18n/index';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

/** Mounts the app over the boot screen of index.html. */
export function startApp(rootEl: HTMLElement): void {
  createRoot(rootEl).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
