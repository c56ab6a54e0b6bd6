/**
 * What the runs list needs from `metrics.jsonl` (last epoch, best validation accuracy,
 * damage), read incrementally: the file is append-only, so a re-list reads only the
 * lines added since the last scan. Batch samples, which are most of the file, are
 * recognized by their first bytes and not parsed; epoch records get the full check.
 *
 * Limits: a batch line is taken on its prefix alone, so a hand-garbled batch line in
 * the middle goes unnoticed here (`load` still reports it); an in-place rewrite that
 * keeps the inode, grows the file and leaves the bytes at its start and around the old
 * end as they were would be read as appended.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import { parseLine } from './metrics-file.js';

/** The state after reading a metrics file up to `offset`. */
export interface MetricsScan {
  dev: number;
  ino: number;
  /** Bytes consumed: through the last newline seen. */
  offset: number;
  /** The file's first bytes and the bytes just before `offset` (up to MARK_BYTES each): a rewrite in place changes them. */
  head: Buffer;
  end: Buffer;
  /** Whole lines consumed. */
  lines: number;
  /** The last valid epoch record among the whole lines, and the best finite val_accuracy. */
  last: EpochMetrics | null;
  best: number | null;
  /** The first bad whole line, e.g. `metrics.jsonl: line 3 is not valid JSON`; null if none. */
  problem: string | null;
  /** Text after the last newline (a line being written, or cut by a crash); '' if none. */
  tail: string;
}

/** What the list shows, the unterminated last line included when it is a valid record. */
export interface MetricsFacts {
  last: EpochMetrics | null;
  best: number | null;
  problem: string | null;
  /** 1-based number of an unterminated last line that does not parse (cut off); null if none. */
  cutLine: number | null;
}

const MARK_BYTES = 64;
const NEWLINE = 0x0a;
/** How `appendMetric` starts a batch line (`JSON.stringify({ type: 'batch', … })`). */
const BATCH_PREFIX = Buffer.from('{"type":"batch"');

/**
 * Scans `file` on from `prev` when the file is the same one, grown (same device and
 * inode, first bytes unchanged); from the start otherwise. Throws the fs error (ENOENT …).
 */
export function scanMetrics(file: string, prev: MetricsScan | null): MetricsScan {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    const size = st.size;
    let s: MetricsScan | null = null;
    if (prev && prev.dev === st.dev && prev.ino === st.ino && size >= prev.offset) {
      const same =
        readAt(fd, 0, prev.head.length).equals(prev.head) && readAt(fd, prev.offset - prev.end.length, prev.end.length).equals(prev.end);
      if (same) s = { ...prev };
    }
    if (!s) s = { dev: st.dev, ino: st.ino, offset: 0, head: Buffer.alloc(0), end: Buffer.alloc(0), lines: 0, last: null, best: null, problem: null, tail: '' };
    const buf = readAt(fd, s.offset, size - s.offset);
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; start = nl + 1, nl = buf.indexOf(NEWLINE, start)) {
      s.lines++;
      // Compared in place: most lines are batch samples, and a list of 1,000 runs meets hundreds of thousands.
      const batch = nl - start >= BATCH_PREFIX.length && buf.compare(BATCH_PREFIX, 0, BATCH_PREFIX.length, start, start + BATCH_PREFIX.length) === 0;
      if (!batch) consume(s, buf.toString('utf8', start, nl), s.lines);
    }
    s.offset += start;
    s.tail = buf.subarray(start).toString('utf8');
    s.head = readAt(fd, 0, Math.min(MARK_BYTES, s.offset));
    s.end = readAt(fd, s.offset - Math.min(MARK_BYTES, s.offset), Math.min(MARK_BYTES, s.offset));
    return s;
  } finally {
    closeSync(fd);
  }
}

/** The scan's facts with its unterminated last line taken into account. */
export function metricsFacts(s: MetricsScan): MetricsFacts {
  const facts: MetricsFacts = { last: s.last, best: s.best, problem: s.problem, cutLine: null };
  if (s.tail.trim() === '') return facts;
  // A last line without its newline is accepted when it is whole (as parseMetrics does); else it was cut.
  const r = parseLine(s.tail);
  if ('epoch' in r) {
    facts.last = r.epoch;
    facts.best = better(facts.best, r.epoch.val_accuracy);
  } else if (!('batch' in r)) facts.cutLine = s.lines + 1;
  return facts;
}

function consume(s: MetricsScan, text: string, n: number): void {
  if (text.trim() === '') return;
  const r = parseLine(text);
  if ('epoch' in r) {
    s.last = r.epoch;
    s.best = better(s.best, r.epoch.val_accuracy);
  } else if ('problem' in r && s.problem === null) s.problem = `metrics.jsonl: line ${n} ${r.problem}`;
}

function better(best: number | null, value: number): number | null {
  if (!Number.isFinite(value)) return best;
  return best === null || value > best ? value : best;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, length));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}
