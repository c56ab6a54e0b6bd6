/**
 * Reading `metrics.jsonl`. Lines are appended one whole line per write, so damage
 * is limited to the last line of a run whose process died mid-write; such a line
 * is skipped with a warning and everything before it is kept. Records are checked with
 * the schemas that check them on arrival from the training process (metrics-schema.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { BatchSample, EpochMetrics } from '../../src-shared/training/metrics.js';
import { batchSampleSchema, describeIssue, epochMetricsSchema } from './metrics-schema.js';

/** Parsed metrics plus what was skipped and why. */
export interface ParsedMetrics {
  epochs: EpochMetrics[];
  batches: BatchSample[];
  warnings: string[];
}

type Json = Record<string, unknown>;

/** Parses one line into a record, or says why it can't. The `type` tag is dropped from the result. */
export function parseLine(line: string): { epoch: EpochMetrics } | { batch: BatchSample } | { problem: string } {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  if (typeof o !== 'object' || o === null) return { problem: 'is not an object' };
  const { type, ...rest } = o as Json;
  if (typeof rest.epoch !== 'number') return { problem: 'has no numeric "epoch"' };
  if (type === 'epoch') {
    const r = epochMetricsSchema.safeParse(rest);
    return r.success ? { epoch: r.data } : { problem: `has an invalid epoch record (${describeIssue(r.error)})` };
  }
  if (type === 'batch') {
    if (typeof rest.step !== 'number') return { problem: 'has no numeric "step"' };
    const r = batchSampleSchema.safeParse(rest);
    return r.success ? { batch: r.data } : { problem: `has an invalid batch record (${describeIssue(r.error)})` };
  }
  return { problem: `has unknown type ${JSON.stringify(type)}` };
}

/** Parses the whole text of a metrics file. */
export function parseMetrics(text: string): ParsedMetrics {
  const out: ParsedMetrics = { epochs: [], batches: [], warnings: [] };
  const lines = text.split('\n');
  // A file that ends in "\n" splits into a final empty string; anything else there was cut off mid-line.
  const last = lines.length - 1;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parseLine(line);
    if ('epoch' in r) out.epochs.push(r.epoch);
    else if ('batch' in r) out.batches.push(r.batch);
    else if (i === last) out.warnings.push(`metrics.jsonl: the last line (${i + 1}) is incomplete, probably cut off by a crash; ignored`);
    else out.warnings.push(`metrics.jsonl: line ${i + 1} ${r.problem}; skipped`);
  });
  return out;
}

/**
 * The last epoch record of a metrics file, reading only its tail (64 KB, widened
 * as needed): listing many runs must not parse every batch sample of every run.
 */
export function lastEpoch(file: string): EpochMetrics | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let window = 64 * 1024; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const lines = buf.toString('utf8').split('\n');
      // The first line of a partial window may be cut: skip it unless the window starts the file.
      for (let i = lines.length - 1; i >= (start === 0 ? 0 : 1); i--) {
        const line = lines[i] ?? '';
        if (!line.includes('"epoch"')) continue;
        const r = parseLine(line);
        if ('epoch' in r) return r.epoch;
      }
      if (start === 0) return null;
    }
  } finally {
    closeSync(fd);
  }
}
