/**
 * `npm run bench:lab-memory`: the lab server's memory under a browser that stops
 * reading. Starts a lab server in this process, connects one client that reads
 * everything and one that never reads (a child process holding a raw socket), and
 * streams 10,000 epoch events of a 100-layer model (~16 KB each, ~160 MB in all; EVENTS=N to change) the
 * way a class's deep runs would. Prints the server's RSS before, at its peak and
 * after the slow client has gone, and whether the slow client was disconnected.
 * A report, not a test: numbers depend on the machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startLabServer } from '../../src-main/lab/server.js';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const root = mkdtempSync(join(tmpdir(), 'gl-rss-'));
mkdirSync(join(root, 'renderer'));
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
const lab = await startLabServer({ rendererDir: join(root, 'renderer'), runsDir: join(root, 'runs'), log: () => undefined });

// The slow client: a separate process that completes the WebSocket handshake and then never reads.
const slowSrc = `
const net = require('node:net');
const s = net.connect(${lab.port}, '127.0.0.1', () => {
  s.write('GET /ws HTTP/1.1\\r\\nHost: 127.0.0.1:${lab.port}\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
  s.once('data', () => { s.pause(); process.send('ready'); });
});
s.on('close', () => { process.send('closed'); });
s.on('error', () => {});
// Asked after the stream: read what is left to learn whether the server had closed us.
process.on('message', () => { s.on('data', () => {}); s.resume(); });
setInterval(() => {}, 1000);`;
const slow = spawn(process.execPath, ['-e', slowSrc], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
let slowClosed = false;
await new Promise<void>((ok) => slow.on('message', (m) => (m === 'ready' ? ok() : m === 'closed' ? (slowClosed = true) : undefined)));

const fast = new WebSocket(`ws://127.0.0.1:${lab.port}/ws`);
await new Promise((ok) => fast.once('open', ok));
let received = 0;
fast.on('message', () => received++);

const layers = Array.from({ length: 100 }, (_, k) => ({
  name: `dense_${k}`, spec_index: k, activation: 'selu', grad_norm: 0.1, weight_norm: 1, act_mean: 0, act_std: 1, inactive_fraction: null, inactive_kind: null,
}));
global.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const N = Number(process.env['EVENTS'] ?? 10_000);
for (let i = 1; i <= N; i++) {
  lab.services.events.emit('run:epoch', { run_id: '20260101-000000-rss-abcd', metrics: { epoch: i, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, seconds: 1, layers } } as never);
  if (i % 25 === 0) {
    while (received < i) await new Promise((r) => setTimeout(r, 1));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}
const withSlow = process.memoryUsage().rss;
slow.send('check');
await new Promise((r) => setTimeout(r, 3000));
slow.kill();
await new Promise((r) => setTimeout(r, 500));
global.gc?.();
await new Promise((r) => setTimeout(r, 200));
const after = process.memoryUsage().rss;
console.log(JSON.stringify({
  events: N, event_bytes: JSON.stringify({ event: 'run:epoch', payload: { layers } }).length,
  rss_before: mb(before), rss_peak: mb(peak), rss_end_of_stream: mb(withSlow), rss_after_slow_client_gone: mb(after),
  slow_client_disconnected_by_server: slowClosed, fast_client_received: received,
}));
fast.close();
await lab.close();
rmSync(root, { recursive: true, force: true });
process.exit(0);
