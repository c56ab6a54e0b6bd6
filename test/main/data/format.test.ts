import { describe, expect, it } from 'vitest';
import {
  CacheError,
  CACHE_VERSION,
  decodeCache,
  encodeCache,
  firstBadLabel,
  HEADER_BYTES,
  payloadChecksum,
} from '../../../src-main/data/format.js';

/** Three tiny images with distinct pixels and labels. */
function sample(): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = Uint8Array.from({ length: 3 * 784 }, (_, i) => (i * 7) % 256);
  return { pixels, labels: Uint8Array.from([2, 0, 9]) };
}

describe('cache format', () => {
  it('round-trips pixels and labels through the header', () => {
    const { pixels, labels } = sample();
    const buf = encodeCache(pixels, labels);
    expect(buf.length).toBe(HEADER_BYTES + 3 * 784 + 3);
    expect(buf.subarray(0, 4).toString('latin1')).toBe('GLDS');
    const raw = decodeCache(buf, '/x/mnist.glds', 'mnist');
    expect(raw.count).toBe(3);
    expect([raw.rows, raw.cols]).toEqual([28, 28]);
    expect(Array.from(raw.labels)).toEqual([2, 0, 9]);
    expect(Buffer.from(raw.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  const damage: { name: string; edit: (b: Buffer) => Buffer; reason: RegExp }[] = [
    { name: 'empty file', edit: () => Buffer.alloc(0), reason: /truncated: 0 bytes/ },
    { name: 'cut inside the header', edit: (b) => b.subarray(0, 10), reason: /truncated: 10 bytes/ },
    { name: 'cut inside the pixels', edit: (b) => b.subarray(0, 1000), reason: /wrong size: 1000 bytes.*truncated/ },
    { name: 'trailing bytes', edit: (b) => Buffer.concat([b, Buffer.from([1])]), reason: /wrong size.*trailing bytes/ },
    { name: 'wrong magic', edit: (b) => (b.write('JUNK', 0, 'latin1'), b), reason: /bad magic "JUNK"/ },
    { name: 'other version', edit: (b) => (b.writeUInt32LE(CACHE_VERSION + 1, 4), b), reason: /format version 2/ },
    { name: 'wrong image size', edit: (b) => (b.writeUInt32LE(32, 12), b), reason: /32×28 images/ },
    { name: 'flipped pixel byte', edit: (b) => (b[HEADER_BYTES + 500]! ^= 0x10, b), reason: /checksum mismatch/ },
    { name: 'flipped label byte', edit: (b) => (b[b.length - 1]! ^= 0x01, b), reason: /checksum mismatch/ },
  ];

  it.each(damage)('refuses a damaged file: $name', ({ edit, reason }) => {
    const { pixels, labels } = sample();
    const bad = edit(Buffer.from(encodeCache(pixels, labels)));
    let error: unknown;
    try {
      decodeCache(bad, '/cache/mnist.glds', 'mnist');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CacheError);
    const message = (error as Error).message;
    expect(message).toContain('/cache/mnist.glds');
    expect(message).toMatch(reason);
  });

  it('refuses pixel and label arrays that disagree', () => {
    expect(() => encodeCache(new Uint8Array(784), new Uint8Array(2))).toThrow(/Received: pixels.length=784/);
  });

  /** A file whose label `index` is `value`, with a checksum that matches (as a buggy writer would leave it). */
  function withLabel(index: number, value: number): Buffer {
    const { pixels, labels } = sample();
    const b = Buffer.from(encodeCache(pixels, labels));
    const at = HEADER_BYTES + pixels.length;
    b[at + index] = value;
    b.writeUInt32LE(payloadChecksum(b.subarray(HEADER_BYTES, at), b.subarray(at)), 24);
    return b;
  }

  it.each([
    { index: 0, value: 10 },
    { index: 2, value: 255 },
    { index: 1, value: 128 },
  ])('refuses label $value at index $index even with a matching checksum, naming both', ({ index, value }) => {
    expect(() => decodeCache(withLabel(index, value), '/cache/mnist.glds', 'mnist')).toThrow(CacheError);
    expect(() => decodeCache(withLabel(index, value), '/cache/mnist.glds', 'mnist')).toThrow(
      `dataset cache /cache/mnist.glds is unusable: label ${value} at index ${index} is outside 0..9`,
    );
  });

  it.each([10, 99, 255])('refuses to write label %i (its checksum would make it look valid)', (value) => {
    const { pixels } = sample();
    expect(() => encodeCache(pixels, Uint8Array.from([0, value, 1]))).toThrow(`labels must be 0..9. Received: labels[1]=${value}`);
  });

  it('firstBadLabel finds the first label outside the classes', () => {
    expect(firstBadLabel(Uint8Array.from([0, 9, 3]))).toBeNull();
    expect(firstBadLabel(Uint8Array.from([0, 12, 10]))).toEqual({ index: 1, value: 12 });
  });
});
