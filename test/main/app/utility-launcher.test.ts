/**
 * The utilityProcess launcher and entry. Electron is not available, so `fork` is
 * a Node child process whose shim provides `process.parentPort` exactly as
 * Electron's utility process does; everything else (entry, worker, engine, run
 * store, training service) is the real code training a real (tiny) model.
 */
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { RunStore } from '../../../src-main/runs/index.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import {
  RELEASE_GRACE_MS,
  TRAINER_SERVICE_NAME,
  utilityTrainerLauncher,
  wasmDirFromArgs,
} from '../../../src-main/trainer/utility-launcher.js';
import { nodeUtilityFork, type ForkCall } from './fixtures/node-utility-fork.js';
import { tinyModel as tiny } from './fixtures/tiny-model.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = join(root, 'src-main/trainer/utility-entry.ts');
const tmp = mkdtempSync(join(tmpdir(), 'gl-utility-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const forks: ForkCall[] = [];

describe('utilityTrainerLauncher with the real utility entry', () => {
  it.each([
    ['the shipped .wasm folder', 'wasm-ok', true, 'wasm'],
    ['an empty folder (so --wasm-dir is really used)', 'wasm-empty', false, 'cpu'],
  ])('trains a run to completion given %s', async (_name, dirName, copyWasm, backend) => {
    const wasmDir = join(tmp, dirName);
    mkdirSync(wasmDir);
    if (copyWasm) {
      const dist = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
      for (const f of readdirSync(dist).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(dist, f), join(wasmDir, f));
    }
    const store = new RunStore(join(tmp, `runs-${dirName}`));
    const service = new TrainingService({ store, launcher: utilityTrainerLauncher(nodeUtilityFork(forks), entry, { wasmDir }) });
    const id = service.start(tiny, { epochs: 1, batch_size: 64, seed: 1, limit: 600, backend: 'wasm' });
    const done = await service.finished(id);
    expect(done).toMatchObject({ status: 'completed', error: null });
    expect(done.test_accuracy).toBeGreaterThan(0.3);
    const rec = store.load(id);
    expect(rec.environment?.backend).toBe(backend);
    expect(rec.epochs).toHaveLength(1);
    const last = forks.at(-1)!;
    expect(last).toEqual({ modulePath: entry, args: [`--wasm-dir=${wasmDir}`], options: { serviceName: TRAINER_SERVICE_NAME, stdio: 'inherit' } });
  });

  it('the entry refuses to run without a parentPort', async () => {
    const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/no parentPort/);
  });
});

describe('utilityTrainerLauncher channel semantics (fake process)', () => {
  afterEach(() => vi.useRealTimers());

  function fakeProcess() {
    const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    const p = {
      pid: 1234,
      posted: [] as unknown[],
      killed: 0,
      postMessage(m: unknown) {
        p.posted.push(m);
      },
      on(event: string, l: (...a: unknown[]) => void) {
        listeners.set(event, [...(listeners.get(event) ?? []), l]);
        return p;
      },
      kill() {
        p.killed++;
        return true;
      },
      emit(event: string, ...args: unknown[]) {
        for (const l of listeners.get(event) ?? []) l(...args);
      },
    };
    return p;
  }

  it('sends commands, relays events and reports the exit code', () => {
    const proc = fakeProcess();
    const channel = utilityTrainerLauncher(() => proc, '/x/trainer.js')();
    expect(channel.pid).toBe(1234);
    channel.send({ type: 'stop' });
    const events: unknown[] = [];
    channel.onEvent((e) => events.push(e));
    proc.emit('message', { type: 'error', message: 'x' });
    const exits: unknown[] = [];
    channel.onExit((e) => exits.push(e));
    proc.emit('exit', 3);
    channel.onExit((e) => exits.push(e));
    channel.send({ type: 'stop' });
    expect(proc.posted).toEqual([{ type: 'stop' }]);
    expect(events).toEqual([{ type: 'error', message: 'x' }]);
    expect(exits).toEqual([
      { code: 3, signal: null },
      { code: 3, signal: null },
    ]);
  });

  it('release() kills only a trainer that has not exited within the grace period', () => {
    vi.useFakeTimers();
    const hung = fakeProcess();
    utilityTrainerLauncher(() => hung, '/x')().release();
    vi.advanceTimersByTime(RELEASE_GRACE_MS - 1);
    expect(hung.killed).toBe(0);
    vi.advanceTimersByTime(1);
    expect(hung.killed).toBe(1);

    const polite = fakeProcess();
    utilityTrainerLauncher(() => polite, '/x')().release();
    polite.emit('exit', 0);
    vi.advanceTimersByTime(RELEASE_GRACE_MS * 2);
    expect(polite.killed).toBe(0);
  });

  it('passes no --wasm-dir when none is given', () => {
    const calls: string[][] = [];
    utilityTrainerLauncher((_m, args) => (calls.push(args), fakeProcess()), '/x')();
    expect(calls).toEqual([[]]);
  });

  it.each([
    [['--wasm-dir=/opt/gl/resources/wasm'], '/opt/gl/resources/wasm'],
    [['node', 'trainer.js', '--wasm-dir=C:\\GL\\wasm'], 'C:\\GL\\wasm'],
    [['--wasm-dir='], null],
    [[], null],
  ])('wasmDirFromArgs(%j) → %s', (argv, dir) => {
    expect(wasmDirFromArgs(argv)).toBe(dir);
  });
});
