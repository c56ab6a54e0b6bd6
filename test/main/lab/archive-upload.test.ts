/**
 * Run archives over the lab server's WebSocket: an archive far larger than the ordinary
 * 2 MiB payload limit arrives whole and is imported; a hostile one is answered with a coded
 * refusal and the socket stays open.
 */
import { randomFillSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLabServer, MAX_FRAME_BYTES, type LabServer } from '../../../src-main/lab/server.js';
import { exportRuns } from '../../../src-main/runs/archive.js';
import { RunStore } from '../../../src-main/runs/index.js';
import type { LabServerMessage } from '../../../src-shared/ipc/contract.js';
import { MAX_PAYLOAD_BYTES } from '../../../src-shared/ipc/schemas.js';
import { ARCHIVE_LIMITS } from '../../../src-shared/runs/types.js';
import { recordPlainRun } from '../runs/helpers/trained-runs.js';
import { connect, makeRendererFixture, TestClient } from './lab-fixture.js';

const fixture = makeRendererFixture();
let lab: LabServer;
let ws: WebSocket;
let c: TestClient;
let archive: Uint8Array;
let runId: string;

beforeAll(async () => {
  // A run whose weights do not compress (1M random floats): the archive is ~4 MB, ~5.3 MB as base64.
  const source = new RunStore(`${fixture.root}/source`);
  runId = recordPlainRun(source);
  const n = 1_000_000;
  const values = randomFillSync(new Float32Array(n)).map((v) => (Number.isFinite(v) ? v : 0));
  source.saveWeights(runId, { modelTopology: {}, weightSpecs: [{ name: 'dense_1/kernel', shape: [n], dtype: 'float32' }], weightData: values.buffer });
  archive = exportRuns(source, [runId], { weights: true });
  lab = await startLabServer({ rendererDir: fixture.renderer, runsDir: fixture.runs, log: () => undefined });
  const h = await connect(`ws://127.0.0.1:${lab.port}/ws`);
  if (!h.open) throw new Error(`handshake refused: ${h.status}`);
  ws = h.ws;
  c = new TestClient(ws);
});
afterAll(async () => {
  ws?.terminate();
  await lab?.close();
  fixture.cleanup();
});

function ok(m: LabServerMessage): unknown {
  if ('event' in m || !m.ok) throw new Error(`expected a result, got ${JSON.stringify(m).slice(0, 300)}`);
  return m.result;
}

describe('runs:import over the lab WebSocket', () => {
  it('a frame can carry the largest archive an import accepts', () => {
    const envelope = JSON.stringify({ id: 1, channel: 'runs:import', payload: { file_name: 'x'.repeat(255), data_base64: '' } }).length;
    expect(MAX_FRAME_BYTES).toBeGreaterThanOrEqual(Math.ceil(ARCHIVE_LIMITS.archive_bytes / 3) * 4 + envelope);
  });

  it('imports an archive larger than the ordinary payload limit, and the run is listed', async () => {
    const data_base64 = Buffer.from(archive).toString('base64');
    expect(data_base64.length).toBeGreaterThan(MAX_PAYLOAD_BYTES * 2);
    const result = ok(await c.request('runs:import', { file_name: 'class.zip', data_base64 }));
    expect(result).toEqual({ imported: [{ from: runId, to: runId }] });
    const list = ok(await c.request('runs:list', {})) as { id: string; has_weights: boolean }[];
    expect(list.find((r) => r.id === runId)?.has_weights).toBe(true);
  });

  it('answers a hostile archive with a coded refusal and keeps the socket open', async () => {
    const bad = Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000')).toString('base64');
    const m = await c.request('runs:import', { file_name: 'bad.zip', data_base64: Buffer.from('not a zip').toString('base64') });
    if ('event' in m || m.ok) throw new Error('expected a refusal');
    expect(m.error).toMatchObject({ code: 'archive.not_zip', field: 'data_base64' });
    expect(m.error.message).toMatch(/^Archive refused: it is not a readable zip file/);
    const empty = await c.request('runs:import', { file_name: 'empty.zip', data_base64: bad });
    if ('event' in empty || empty.ok) throw new Error('expected a refusal');
    expect(empty.error).toMatchObject({ code: 'archive.no_manifest' });
    expect(ok(await c.request('app:info', {}))).toMatchObject({ shell: 'lab' });
  });

  it('runs:export answers the archive as base64 under a dated file name', async () => {
    const r = ok(await c.request('runs:export', { run_ids: [runId], weights: false })) as { file_name: string; data_base64: string; bytes: number; runs: number };
    expect(r.file_name).toMatch(/^gradient-lab-runs-\d{8}-\d{6}\.zip$/);
    expect(Buffer.from(r.data_base64, 'base64').length).toBe(r.bytes);
    expect(r.runs).toBe(1);
  });
});
