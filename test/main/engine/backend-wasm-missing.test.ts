import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { selectBackend, setWasmDir } from '../../../src-main/engine/index.js';

// Own file: a failed wasm init cannot be undone within one process.
it('falls back to cpu, saying why, when the .wasm binaries are not where setWasmDir says', async () => {
  setWasmDir('/nonexistent/gradient-lab-wasm');
  const report = await selectBackend('wasm');
  expect(report.attempts.map((a) => [a.name, a.ok])).toEqual([
    ['wasm', false],
    ['cpu', true],
  ]);
  expect(report.attempts[0]?.reason).toMatch(/^failed to initialize/);
  expect(report.attempts[0]?.reason).toMatch(/\.wasm/);
  expect(report.active).toBe('cpu');
  expect(tf.getBackend()).toBe('cpu');
});
