/**
 * Writes zip files by hand, header field by header field, so tests can make the archives
 * no well-behaved zip library would: lying sizes, symlink modes, mismatched local names,
 * overlapping entries. Not a test file itself.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry to write; every field a hostile archive might fake can be overridden. */
export interface CraftEntry {
  name: string;
  data?: Uint8Array;
  /** 0 stored, 8 deflated (default 8). */
  method?: number;
  /** The compressed bytes as written (default: `data` deflated or stored). */
  raw?: Uint8Array;
  /** Declared uncompressed size (default: the real one). */
  size?: number;
  crc?: number;
  /** Unix mode (e.g. 0o120777 for a symlink); sets "made by" Unix. */
  mode?: number;
  flags?: number;
  /** The name written in the local header (default: `name`). */
  localName?: string;
  /** Write no local header: the central record points to this offset (inside another entry's data, for an overlapping-entry bomb). */
  at?: number;
}

const enc = new TextEncoder();

/** An entry's local header followed by its data, and the fields its central record repeats. */
export function localRecord(e: CraftEntry): { bytes: Uint8Array; method: number; crc: number; size: number; compressed: number } {
  const data = e.data ?? new Uint8Array();
  const method = e.method ?? 8;
  const raw = e.raw ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
  const crc = e.crc ?? crc32(data) >>> 0;
  const size = e.size ?? data.length;
  const localName = enc.encode(e.localName ?? e.name);
  const local = new Uint8Array(30 + localName.length);
  const v = new DataView(local.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, e.flags ?? 0x0800, true);
  v.setUint16(8, method, true);
  v.setUint32(14, crc, true);
  v.setUint32(18, raw.length, true);
  v.setUint32(22, size, true);
  v.setUint16(26, localName.length, true);
  local.set(localName, 30);
  return { bytes: concat([local, raw]), method, crc, size, compressed: raw.length };
}

/** The zip file of `entries`, with an end record declaring `count` entries (default: the real count). */
export function craftZip(entries: CraftEntry[], opts: { count?: number } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const r = localRecord(e);
    let localOffset = offset;
    if (e.at !== undefined) localOffset = e.at;
    else {
      parts.push(r.bytes);
      offset += r.bytes.length;
    }
    const name = enc.encode(e.name);
    const c = new Uint8Array(46 + name.length);
    const v = new DataView(c.buffer);
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, e.mode !== undefined ? (3 << 8) | 20 : 20, true);
    v.setUint16(6, 20, true);
    v.setUint16(8, e.flags ?? 0x0800, true);
    v.setUint16(10, r.method, true);
    v.setUint32(16, r.crc, true);
    v.setUint32(20, r.compressed, true);
    v.setUint32(24, r.size, true);
    v.setUint16(28, name.length, true);
    v.setUint32(38, e.mode !== undefined ? (e.mode << 16) >>> 0 : 0, true);
    v.setUint32(42, localOffset, true);
    c.set(name, 46);
    central.push(c);
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  const count = opts.count ?? entries.length;
  v.setUint16(8, count, true);
  v.setUint16(10, count, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
