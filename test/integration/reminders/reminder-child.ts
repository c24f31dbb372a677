// A separate process running the app's services on a data folder (what `serve` runs), with the clock
// moved by CLOCK_OFFSET_MS: the SIGKILL test kills it and starts it again.
import { createAppServices } from '../../../electron/services/app.js';
import { offsetClock } from './reminder-world.js';

const dataDir = process.env.DATA_DIR ?? '';
const services = await createAppServices({ dataDir, mode: 'headless', delivery: { clock: offsetClock(Number(process.env.CLOCK_OFFSET_MS ?? '0')) } });
services.startBackground();
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
