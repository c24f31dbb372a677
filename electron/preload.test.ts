import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../shared/contract/index.js';
import preloadConfig from './vite.preload.config.js';
import { buildBridge, buildEventBridge } from './preload-bridge.js';

describe('buildBridge', () => {
  it('has one function per name, each invoking only its own channel with only the input', async () => {
    const invoked: Array<[string, unknown]> = [];
    const bridge = buildBridge(['a.one', 'b.two'], async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, value: channel };
    });
    expect(Object.keys(bridge)).toEqual(['a.one', 'b.two']);
    expect(await bridge['b.two']?.({ x: 1 })).toEqual({ ok: true, value: 'cd:b.two' });
    expect(invoked).toEqual([['cd:b.two', { x: 1 }]]);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});

describe('buildEventBridge', () => {
  it('subscribes on the event channel, hands the page only the payload, and unsubscribes', () => {
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const ipc = {
      on: (c: string, l: (e: unknown, p: unknown) => void) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c: string, l: (e: unknown, p: unknown) => void) => listeners.get(c)?.delete(l),
    };
    const bridge = buildEventBridge(ipc);
    expect(Object.isFrozen(bridge)).toBe(true);
    const got: unknown[] = [];
    const stop = bridge.subscribe((payload) => got.push(payload));
    for (const l of listeners.get('cd-events') ?? []) l({ sender: 'ipc internals' }, { types: ['outbox.changed'] });
    expect(got).toEqual([{ types: ['outbox.changed'] }]);
    stop();
    expect(listeners.get('cd-events')?.size).toBe(0);
  });
});

/** The real build output, run against a stand-in `electron` module: what the page would get. */
describe('the bundled preload (dist/electron/preload.cjs)', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'cd-preload-'));
    const config: InlineConfig = { ...preloadConfig, configFile: false, build: { ...preloadConfig.build, outDir } };
    await build(config);
    code = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  function runPreload(): { exposed: Map<string, unknown>; invoked: Array<[string, unknown]>; required: string[] } {
    const exposed = new Map<string, unknown>();
    const invoked: Array<[string, unknown]> = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => void invoked.push([channel, input]),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const fakeRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
    return { exposed, invoked, required };
  }

  it('requires nothing but electron and bundles no zod', () => {
    const { required } = runPreload();
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/require\(["']zod|ZodError|safeParse|\$ZodType/);
    expect(code.length).toBeLessThan(20_000);
  });

  it('exposes window.channelDesk with exactly one function per contract method', async () => {
    const { exposed, invoked } = runPreload();
    expect([...exposed.keys()]).toEqual(['channelDesk', 'channelDeskEvents']);
    const api = exposed.get('channelDesk') as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    const name = METHOD_NAMES[0];
    if (name) await api[name]?.({ probe: true });
    expect(invoked).toEqual(name ? [[`cd:${name}`, { probe: true }]] : []);
  });
});
