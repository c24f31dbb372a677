// The headless token leaves the URL fragment before the router sees the hash. Only the token reader
// here: everything else loads after the static shell of index.html has been painted.
import { startEarlyCalls } from './api/early';
import { BANNER_MODULES } from './app/banner-modules';
import { consumeTokenFromLocation } from './api/token';

consumeTokenFromLocation();
// Home is the start page: its data loads while the shell's JavaScript does.
const startsAtHome = /^#\/?$/.test(window.location.hash) || window.location.hash === '';
if (startsAtHome) startEarlyCalls(['home.checklist', 'health.get', 'channels.list', 'approvals.connections']);

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root');
// Evaluating React, antd and the strings takes a few hundred ms on a slow machine: started in the same
// frame, it would hold back the first paint of the static shell. rAF + timeout runs after that frame. Home's
// and the banners' chunks are asked for then too (not in index.html: they competed with that paint), beside the
// app's: its first render waits for them.
requestAnimationFrame(() => {
  if (startsAtHome) void import('./pages/home/HomePage');
  for (const load of Object.values(BANNER_MODULES)) void load();
  setTimeout(() => {
    void import('./start-app').then(({ startApp }) => startApp(rootEl));
  }, 0);
});
