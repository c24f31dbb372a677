// The api module reads the headless token out of the URL fragment before the router sees the hash.
import './api/index';
import './i18n/index';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root');
createRoot(rootEl).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
