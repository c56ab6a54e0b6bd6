import { deflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveError } from '../../../src-main/runs/archive-error.js';
import { listZip, readEntry, unsafeNameReason } from '../../../src-main/runs/zip-read.js';
import { ARCHIVE_LIMITS } from '../../../src-shared/runs/types.js';
import { craftZip } from './helpers/zip-craft.js';

const MiB = 1024 * 1024;
/** 130 MiB of zeros, deflated to about 130 KB: 8 pushes of 16 KiB, each inflating to ~16 MiB. */
const bomb = new Uint8Array(deflateRawSync(Buffer.alloc(130 * MiB)));
const chunks = Math.ceil(bomb.length / (16 * 1024));

afterEach(() => {
  vi.restoreAllMocks();
});

function refusal(fn: () => unknown): ArchiveError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArchiveError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('readEntry stops inflating as soon as an entry passes its declared size', () => {
  it.each([
    ['a header that lies small (1 KiB)', 1024, 1],
    ['a header that declares the entry limit (128 MiB) for 130 MiB', ARCHIVE_LIMITS.entry_bytes, chunks - 1],
  ])('%s', (_what, declared, maxPushes) => {
    const zip = craftZip([{ name: 'bomb.bin', raw: bomb, size: declared, crc: 0 }]);
    const [entry] = listZip(zip, ARCHIVE_LIMITS);
    const push = vi.spyOn(Inflate.prototype, 'push');
    const e = refusal(() => readEntry(zip, entry!));
    expect(e.code).toBe('archive.size_lie');
    expect(e.params).toEqual({ entry: '"bomb.bin"', declared });
    // Never the whole stream: the count stops it within the chunk that crossed the line.
    expect(push.mock.calls.length).toBeLessThanOrEqual(maxPushes);
    expect(push.mock.calls.length).toBeLessThan(chunks);
  });

  it('reads an honest deflated entry whole, checking its CRC', () => {
    const data = new TextEncoder().encode('{"epoch": 1}\n'.repeat(5000));
    const zip = craftZip([{ name: 'runs/x.jsonl', data }]);
    const [entry] = listZip(zip, ARCHIVE_LIMITS);
    expect(Buffer.from(readEntry(zip, entry!)).equals(Buffer.from(data))).toBe(true);
  });

  it('refuses an entry that inflates to less than it declares', () => {
    const zip = craftZip([{ name: 'short.bin', data: new Uint8Array(10), size: 20 }]);
    const [entry] = listZip(zip, ARCHIVE_LIMITS);
    expect(refusal(() => readEntry(zip, entry!)).message).toMatch(/inflates to 10 bytes but its header declares 20/);
  });
});

describe('unsafeNameReason', () => {
  it.each([
    ['runs/20260101-000000-x-0000/status.json', null],
    ['runs/', null],
    ['gradient-lab-archive.json', null],
    ['', 'empty'],
    ['../x', 'dotdot'],
    ['runs/../x', 'dotdot'],
    ['runs/..', 'dotdot'],
    ['runs/./x', 'dot'],
    ['runs//x', 'empty_segment'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/x', 'drive'],
    ['c:x', 'drive'],
    ['runs\\x', 'backslash'],
    ['..\\..\\x', 'backslash'],
    ['runs/x\u0000.json', 'control'],
  ])('%j → %j', (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
  });
});
