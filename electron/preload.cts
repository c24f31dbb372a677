// The sandboxed preload: exposes `window.channelDesk`, one named function per contract method, and
// `window.channelDeskEvents.subscribe` for the service events; nothing else. Bundled to CommonJS by electron/vite.preload.config.ts (sandboxed preloads cannot
// require relative files); the method names are injected at build time from the contract.
import electron = require('electron');
import bridge = require('./preload-bridge.js');

declare const __CHANNEL_DESK_METHODS__: readonly string[];

electron.contextBridge.exposeInMainWorld(
  'channelDesk',
  bridge.buildBridge(__CHANNEL_DESK_METHODS__, (channel, input) => electron.ipcRenderer.invoke(channel, input)),
);

electron.contextBridge.exposeInMainWorld('channelDeskEvents', bridge.buildEventBridge(electron.ipcRenderer));
