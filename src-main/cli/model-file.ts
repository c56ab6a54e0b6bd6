/**
 * Reading a model document from disk for the CLI. Only regular files are read, and
 * never more than MAX_MODEL_BYTES: a path given by mistake (a directory, /dev/zero,
 * /dev/urandom, a FIFO, a log file that keeps growing) is refused at once with the
 * path named, instead of hanging or filling memory. All of these are exit 1.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { migrationNote, modelErrorText, parseModelText } from '../../src-shared/model/index.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { CliError, EXIT } from './args.js';
import { en, type CliMessages, type FileKind } from './messages.js';

/** Largest model file read (a 1000-layer document is ~150 KB; anything far bigger is not a model). */
export const MAX_MODEL_BYTES = 4 * 1024 * 1024;

/** Bytes per read: small enough that the limit is noticed soon after it is passed. */
const CHUNK_BYTES = 64 * 1024;

/** What a non-regular entry is, for the message. */
export function fileKindOf(st: Stats): FileKind {
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'character-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isSocket()) return 'socket';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * The text of a model file. Checks with stat BEFORE opening (opening a FIFO for reading
 * blocks until a writer appears), opens with O_NONBLOCK where the platform has it (so a
 * path swapped for a FIFO after the stat cannot block either), checks again on the open
 * descriptor, and reads in chunks, stopping as soon as the limit is passed: the size
 * stat reports cannot be trusted for a file that is still being written.
 * Throws CliError (exit 1) naming the path. `maxBytes` is for tests.
 */
export function readModelText(path: string, msg: CliMessages = en, maxBytes: number = MAX_MODEL_BYTES): string {
  let st: Stats;
  try {
    st = statSync(path); // follows symlinks: a link to a model file is fine, a link to /dev/zero is not
  } catch (err) {
    throw new CliError(msg.modelFileUnreadable(path, errnoCode(err)), EXIT.invalidInput);
  }
  if (!st.isFile()) throw new CliError(msg.modelFileNotRegular(path, fileKindOf(st)), EXIT.invalidInput);
  // A sparse or huge file is refused from its size alone, without reading any of it.
  if (st.size > maxBytes) throw new CliError(msg.modelFileTooLarge(path, st.size, maxBytes), EXIT.invalidInput);

  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new CliError(msg.modelFileUnreadable(path, errnoCode(err)), EXIT.invalidInput);
  }
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new CliError(msg.modelFileNotRegular(path, fileKindOf(again)), EXIT.invalidInput);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new CliError(msg.modelFileTooLarge(path, null, maxBytes), EXIT.invalidInput);
      chunks.push(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(msg.modelFileUnreadable(path, errnoCode(err)), EXIT.invalidInput);
  } finally {
    closeSync(fd);
  }
}

/** Where the note about an older file goes by default: one stderr line (stdout stays for results). */
const noteToStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Reads and validates a model document; throws CliError listing every problem: exit 1
 * for the file, exit 2 when no path was given. The validator's messages stay as it
 * writes them (English, one line each, `<path>: layers[1].units: …`); the line above
 * them is in the chosen language. An older version (1) is read as the newest, and
 * `note` gets one line saying so in the chosen language:
 * `<path>: read a version-1 file; saved as version 2` (runs store the model as version 2).
 */
export function readModelFile(path: string | undefined, msg: CliMessages = en, note: (line: string) => void = noteToStderr): ModelSpec {
  if (!path) throw new CliError(msg.missingModelArgument, EXIT.usage);
  const result = parseModelText(readModelText(path, msg));
  if (!result.ok) {
    throw new CliError([msg.modelFileInvalid(path), ...result.errors.map((e) => `${path}: ${modelErrorText(e, msg.lang)}`)].join('\n'), EXIT.invalidInput);
  }
  if (result.migrated_from !== undefined) note(`${path}: ${migrationNote(result.migrated_from, msg.lang)}`);
  return result.model;
}
