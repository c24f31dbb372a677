// The queue benchmark in its own process, on the compiled app (dist/), so peak RSS is the app's own
// and not the TypeScript loader's. Prints one JSON line. Usage: node queue-child.mjs <deliveries> <dir>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '../../dist');
const { openSettingsStore } = await import(path.join(root, 'electron/services/settings/conf-settings-store.js'));
const { createDeliveryServices } = await import(path.join(root, 'electron/services/delivery/delivery-services.js'));

const deliveries = Number(process.argv[2] ?? 100_000);
const dataDir = mkdtempSync(path.join(tmpdir(), 'cd-bench-queue-'));
const settings = openSettingsStore({ dataDir });
settings.update((s) => ({ ...s, channels: { ...s.channels, feishu: { ...s.channels.feishu, enabled: true } } }));
const delivery = createDeliveryServices({
  dataDir,
  settings,
  vault: { get: async () => null },
  directory: { platformId: (uid) => `ou_${uid}`, displayName: () => null },
  clientFor: async () => {
    throw new Error('not sending in this benchmark');
  },
});
delivery.sender.pause();
delivery.start();
const baselineMb = process.memoryUsage().rss / 1048576;
const lat = [];
for (let i = 0; i < Math.ceil(deliveries / 3); i++) {
  const event = {
    submitterUid: '2001',
    category: 'Ticket',
    module: 'Data Exporting',
    event: 'Pending Approval',
    taskId: String(1_000_000 + i),
    taskName: `Export ${i}`,
    eventTime: '2026-11-27 10:00:00',
    message: 'Please approve the export of table orders.',
    targetUsers: [0, 1, 2].map((k) => ({ uid: String((i * 3 + k) % 300), name: '' })),
  };
  const t0 = performance.now();
  delivery.intake.accept(event, { source: 'api' });
  lat.push(performance.now() - t0);
  // Webhooks arrive over the network, not in one synchronous burst: give timers a turn now and then.
  if (i % 200 === 199) await new Promise((r) => setImmediate(r));
}
const queued = delivery.outbox.log.counts().queued;
delivery.outbox.log.listEvents({ states: ['queued'], search: '' }, 0, 50);
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
const out = { queued, p50: q(50), p99: q(99), peakMb: process.resourceUsage().maxRSS / 1024, baselineMb };
await delivery.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify(out));
