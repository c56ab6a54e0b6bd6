/**
 * Reading zip archives that may be hostile (an archive a student sends the teacher).
 *
 * The central directory is parsed here rather than by a library because the checks need
 * fields libraries do not surface: the external attributes that mark symlinks, the data
 * ranges that overlapping-entry bombs share, both copies of each name. Everything is
 * checked before a single byte is inflated; inflating then goes through fflate's streaming
 * Inflate with a running count, because a bomb's header can lie about its size: an entry
 * stops the moment it passes the size its header declared.
 */
import { Inflate } from 'fflate';
import { crc32 } from 'node:zlib';
import type { MainMessageCode } from '../../src-shared/i18n/main-messages.js';
import { ArchiveError, entryLabel, refused } from './archive-error.js';

/** Bounds on what is read, in bytes and entries (ARCHIVE_LIMITS). */
export interface ZipLimits {
  archive_bytes: number;
  entry_bytes: number;
  total_bytes: number;
  entries: number;
}

/** One entry as its central directory record describes it (checked). */
export interface ZipEntryInfo {
  name: string;
  /** A folder entry (`runs/<id>/`): no data. */
  directory: boolean;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  /** Declared size once inflated. */
  size: number;
  /** Where the entry's data starts and ends in the archive. */
  dataStart: number;
  dataEnd: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_BYTES = 22;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
const MAX_COMMENT = 0xffff;
/** Compressed bytes per push: deflate expands at most ~1032×, so one push yields at most ~17 MB before the count can stop it. */
const INFLATE_CHUNK = 16 * 1024;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const DOS_DIRECTORY = 0x10;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks an archive's structure and every entry's name, type and sizes; inflates nothing.
 * Throws an ArchiveError (kind `refused`) naming the first problem, e.g. an entry named
 * `../x`, a symlink, an entry or a total over `limits`, a truncated file.
 */
export function listZip(bytes: Uint8Array, limits: ZipLimits): ZipEntryInfo[] {
  if (bytes.length > limits.archive_bytes) throw refused('archive.too_large', { bytes: bytes.length, limit: limits.archive_bytes });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndRecord(view);
  const diskNo = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const onDisk = view.getUint16(eocd + 8, true);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw refused('archive.unsupported', { entry: '(archive)', detail: 'ZIP64' });
  }
  if (diskNo !== 0 || cdDisk !== 0 || onDisk !== count) throw refused('archive.unsupported', { entry: '(archive)', detail: 'several disks' });
  if (count > limits.entries) throw refused('archive.too_many_entries', { count, limit: limits.entries });
  if (cdOffset + cdSize > eocd) throw refused('archive.not_zip', { detail: 'the central directory lies outside the file; cut off?' });

  const entries: ZipEntryInfo[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_BYTES > cdOffset + cdSize || view.getUint32(at, true) !== SIG_CENTRAL) {
      throw refused('archive.not_zip', { detail: `central directory record ${i + 1} of ${count} is missing or damaged` });
    }
    const madeBy = view.getUint16(at + 4, true);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const localOffset = view.getUint32(at + 42, true);
    const next = at + CENTRAL_BYTES + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) throw refused('archive.not_zip', { detail: `central directory record ${i + 1} runs past the directory` });
    const nameBytes = bytes.subarray(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLen);
    const name = decodeName(nameBytes, i);
    const label = entryLabel(name);
    const unsafe = unsafeNameReason(name);
    if (unsafe !== null) throw refused(UNSAFE_CODE[unsafe], { entry: label });
    if (seen.has(name)) throw refused('archive.duplicate', { entry: label });
    seen.add(name);

    // Unix tools put the mode in the high 16 bits; whatever the "made by" system claims, a link type there is refused.
    const type = (external >>> 16) & S_IFMT;
    if (type === S_IFLNK) throw refused('archive.symlink', { entry: label });
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw refused('archive.not_a_file', { entry: label });
    const directory = name.endsWith('/') || type === S_IFDIR || (madeBy >> 8 === 0 && (external & DOS_DIRECTORY) !== 0);
    if (directory && (!name.endsWith('/') || size !== 0 || compressedSize > 2)) throw refused('archive.not_a_file', { entry: label });
    if (flags & 0x0001 || flags & 0x0040) throw refused('archive.encrypted', { entry: label });
    if (method !== 0 && method !== 8) throw refused('archive.unsupported', { entry: label, detail: `compression method ${method}` });
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw refused('archive.unsupported', { entry: label, detail: 'ZIP64' });
    }
    if (size > limits.entry_bytes) throw refused('archive.entry_too_large', { entry: label, bytes: size, limit: limits.entry_bytes });
    total += size;
    if (total > limits.total_bytes) throw refused('archive.total_too_large', { bytes: total, limit: limits.total_bytes });
    if (method === 0 && compressedSize !== size) {
      throw refused('archive.corrupt_entry', { entry: label, detail: `stored with ${compressedSize} bytes but declared as ${size}` });
    }

    const local = localData(view, bytes, localOffset, nameBytes, cdOffset, label);
    const dataEnd = local + compressedSize;
    if (dataEnd > cdOffset) throw refused('archive.corrupt_entry', { entry: label, detail: 'its data runs past the end of the entries; cut off?' });
    entries.push({ name, directory, method, crc, compressedSize, size, dataStart: local, dataEnd });
    at = next;
  }
  if (at !== cdOffset + cdSize) throw refused('archive.not_zip', { detail: 'the central directory size does not match its records' });
  checkNoOverlap(entries);
  return entries;
}

/**
 * An entry's bytes, inflated with a running count: past `entry.size` (its header's claim)
 * it stops at once and refuses the archive, so a lying header costs at most one chunk.
 * A CRC or length that does not match is refused too.
 */
export function readEntry(bytes: Uint8Array, entry: ZipEntryInfo): Uint8Array {
  const label = entryLabel(entry.name);
  const raw = bytes.subarray(entry.dataStart, entry.dataEnd);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else {
    const out = new Uint8Array(entry.size);
    let filled = 0;
    const inflate = new Inflate((chunk) => {
      if (filled + chunk.length > entry.size) throw refused('archive.size_lie', { entry: label, declared: entry.size });
      out.set(chunk, filled);
      filled += chunk.length;
    });
    try {
      if (raw.length === 0) inflate.push(raw, true);
      for (let at = 0; at < raw.length; at += INFLATE_CHUNK) {
        const end = Math.min(raw.length, at + INFLATE_CHUNK);
        inflate.push(raw.subarray(at, end), end === raw.length);
      }
    } catch (err) {
      if (err instanceof ArchiveError) throw err;
      throw refused('archive.corrupt_entry', { entry: label, detail: `cannot be inflated: ${err instanceof Error ? err.message : String(err)}` });
    }
    if (filled !== entry.size) {
      throw refused('archive.corrupt_entry', { entry: label, detail: `inflates to ${filled} bytes but its header declares ${entry.size}` });
    }
    data = out;
  }
  if (crc32(data) >>> 0 !== entry.crc >>> 0) throw refused('archive.corrupt_entry', { entry: label, detail: 'CRC-32 mismatch' });
  return data;
}

/** Why an entry name is unsafe as a path; each reason has its own message. */
export type UnsafeName = 'empty' | 'backslash' | 'control' | 'absolute' | 'drive' | 'dotdot' | 'dot' | 'empty_segment';

const UNSAFE_CODE: Record<UnsafeName, MainMessageCode> = {
  empty: 'archive.name_empty',
  backslash: 'archive.name_backslash',
  control: 'archive.name_control',
  absolute: 'archive.name_absolute',
  drive: 'archive.name_drive',
  dotdot: 'archive.name_dotdot',
  dot: 'archive.name_dot',
  empty_segment: 'archive.name_empty_segment',
};

/**
 * Why a name is unsafe to use as a path anywhere, or null. Checked on every entry, ours or
 * not: `..` segments, absolute paths, drive letters, backslashes (a separator on Windows),
 * empty names or segments, `.` segments, control characters. Example: `runs/../x` → `dotdot`.
 */
export function unsafeNameReason(name: string): UnsafeName | null {
  if (name === '') return 'empty';
  if (name.includes('\\')) return 'backslash';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  if (name.startsWith('/')) return 'absolute';
  if (/^[A-Za-z]:/.test(name)) return 'drive';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return 'dotdot';
  if (segments.includes('.')) return 'dot';
  if (segments.includes('')) return 'empty_segment';
  return null;
}

/** Offset of the end-of-central-directory record: the last signature whose comment reaches exactly to the end. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - EOCD_BYTES;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === SIG_EOCD && at + EOCD_BYTES + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  throw refused('archive.not_zip', {
    detail: view.byteLength < EOCD_BYTES ? `only ${view.byteLength} bytes` : 'no end-of-central-directory record; not a zip file, or cut off',
  });
}

function decodeName(nameBytes: Uint8Array, index: number): string {
  try {
    return utf8.decode(nameBytes);
  } catch {
    throw refused('archive.name_not_utf8', { entry: `#${index + 1}` });
  }
}

/** Where the data of the entry whose local header is at `offset` starts; the local name must be the central one. */
function localData(view: DataView, bytes: Uint8Array, offset: number, nameBytes: Uint8Array, cdOffset: number, label: string): number {
  if (offset + LOCAL_BYTES > cdOffset || view.getUint32(offset, true) !== SIG_LOCAL) {
    throw refused('archive.corrupt_entry', { entry: label, detail: 'its local header is missing' });
  }
  const nameLen = view.getUint16(offset + 26, true);
  const extraLen = view.getUint16(offset + 28, true);
  const local = bytes.subarray(offset + LOCAL_BYTES, offset + LOCAL_BYTES + nameLen);
  // Extractors differ in which copy of the name they use: two different names are a trick.
  if (local.length !== nameBytes.length || !local.every((b, i) => b === nameBytes[i])) {
    throw refused('archive.corrupt_entry', { entry: label, detail: 'its local header names another entry' });
  }
  return offset + LOCAL_BYTES + nameLen + extraLen;
}

/** Entries sharing data ranges are how non-recursive zip bombs multiply one deflate stream. */
function checkNoOverlap(entries: readonly ZipEntryInfo[]): void {
  const sorted = [...entries].sort((a, b) => a.dataStart - b.dataStart);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as ZipEntryInfo;
    const cur = sorted[i] as ZipEntryInfo;
    // A local header sits before each entry's data, so the next data start must leave room for it.
    if (cur.dataStart < prev.dataEnd + LOCAL_BYTES) {
      throw refused('archive.corrupt_entry', { entry: entryLabel(cur.name), detail: `it overlaps entry ${entryLabel(prev.name)}` });
    }
  }
}
