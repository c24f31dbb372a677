// The headless token leaves the URL fragment before the router sees the hash. Only the token reader
// here: the API client (zod + contract) loads with the first page, not before the first paint.
import { consumeTokenFromLocation } from './api/token';
import './i18n/index';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

consumeTokenFromLocation();

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root');
createRoot(rootEl).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
