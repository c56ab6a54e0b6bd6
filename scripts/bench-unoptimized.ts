// The README's "before" column: the engine with the fused step and the dense kernels off (tfjs ops + the
// transposed-matmul fix), one thread, diagnostics off. Usage: npx tsx scripts/bench-unoptimized.ts ID IMAGES BATCH
import { readFileSync } from 'node:fs';
import { parseModelText } from '../src-shared/model/index.js';
import { prepareData } from '../src-main/data/index.js';
import { selectBackend, train } from '../src-main/engine/index.js';
import { setWasmDenseKernelsEnabled } from '../src-main/engine/kernels/wasm-dense-kernels.js';
const [id, limitRaw, batchRaw] = process.argv.slice(2);
const parsed = parseModelText(readFileSync(`examples/${id}.json`, 'utf8'));
if (!parsed.ok) throw new Error('bad');
await selectBackend('wasm');
setWasmDenseKernelsEnabled(false);
const data = prepareData(parsed.model.dataset, { preprocess: parsed.model.preprocess, limit: Number(limitRaw) });
const empty = { ...data, validation: { ...data.validation, count: 0 }, test: { ...data.test, count: 0 } };
const r = await train(parsed.model, empty, { epochs: 3, batchSize: Number(batchRaw), seed: 42, threads: 1, fused: false, diagnostics: false });
const s = [...r.step_seconds].sort((a, b) => a - b)[1] as number;
console.log(JSON.stringify({ id, images: Number(limitRaw), batch: Number(batchRaw), seconds: s, per_55000: (s * 55000) / Number(limitRaw) }));
