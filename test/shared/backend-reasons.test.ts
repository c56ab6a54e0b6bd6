/** Backend reasons in Korean: every sentence the engine writes, details kept; unknown ones stay whole. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backendReasonText } from '../../src-shared/i18n/backend-reasons.js';

const engine = readFileSync(new URL('../../src-main/engine/backend.ts', import.meta.url), 'utf8');
const gpuMissing = /'(@tensorflow\/tfjs-node-gpu is not installed[^']*)'/.exec(engine)?.[1] ?? '';
const cpuMissing = /'(@tensorflow\/tfjs-node is not installed[^']*)'/.exec(engine)?.[1] ?? '';

describe('backendReasonText', () => {
  it.each([
    [gpuMissing, '설치되어 있지 않습니다', 'CUDA 11.2'],
    [cpuMissing, '설치되어 있지 않습니다', 'TFJS_NODE_CDN_STORAGE'],
    ['failed to load: libcudart.so.11.0: cannot open shared object file', '불러오지 못했습니다', 'libcudart.so.11.0'],
    ['failed to initialize: out of memory', '초기화하지 못했습니다', 'out of memory'],
    ["failed to initialize (tf.setBackend('wasm') returned false) (x)", '초기화하지 못했습니다', "tf.setBackend('wasm')"],
    [".wasm folder".length ? 'could not set the .wasm folder: EACCES' : '', '.wasm 폴더', 'EACCES'],
    ["tf.setBackend('wasm') resolved but the active backend is 'cpu'", "실제 백엔드는 'cpu'", "tf.setBackend('wasm')"],
    ["skipped: @tensorflow/tfjs-node is already loaded and owns the 'tensorflow' backend; two native TensorFlow bindings must not share a process", '건너뜀', '@tensorflow/tfjs-node'],
    ['active: plain JavaScript (slowest; always available)', '순수 자바스크립트', ''],
    ['active: WebAssembly (SIMD on, 1 thread; transposed-matmul fix on)', 'WebAssembly', 'SIMD on'],
  ])('%s', (reason, korean, kept) => {
    expect(reason).not.toBe('');
    const ko = backendReasonText(reason, 'ko');
    expect(ko).toContain(korean);
    expect(ko).toContain(kept);
    expect(ko).toMatch(/[가-힣]/);
    expect(backendReasonText(reason, 'en')).toBe(reason);
  });

  it('keeps an unknown reason whole', () => {
    expect(backendReasonText('something new happened', 'ko')).toBe('something new happened');
  });
});
