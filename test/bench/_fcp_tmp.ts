import { measureFirstPaint, median } from './first-paint.js';
const r = await measureFirstPaint(9);
console.log('fcp', r.fcp.map(Math.round), 'median', median(r.fcp), 'shell', r.shell.map(Math.round), 'median', median(r.shell));
