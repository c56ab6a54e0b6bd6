/**
 * Model files the CLI refuses: anything but a regular file, anything over 4 MiB (however
 * it gets there), and documents with repeated keys. All exit 1, with the path named, fast.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../src-main/cli/args.js';
import { en, ko } from '../../../src-main/cli/messages.js';
import { MAX_MODEL_BYTES, readModelFile, readModelText } from '../../../src-main/cli/model-file.js';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = tempDir('gl-model-file-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});
const posix = process.platform !== 'win32';

/** Runs `validate` on `path` with a hard 15 s cap: a hang is a failure, not a stuck suite. */
function validate(path: string, extra: string[] = []) {
  return runCli(['validate', path, ...extra], {}, 15_000);
}

function expectRefused(r: ReturnType<typeof validate>, path: string, message: RegExp): void {
  expect(r.signal, 'the CLI hung and was killed').toBeNull();
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(path);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.ms).toBeLessThan(10_000);
}

describe.skipIf(!posix)('model files that are not regular files', () => {
  const fifo = join(tmp.dir, 'model.fifo');
  const linkToZero = join(tmp.dir, 'zero.json');
  const dir = join(tmp.dir, 'folder.json');

  it.each([
    ['a directory', () => (mkdirSync(dir), dir), /cannot read the model file: it is a directory, not a regular file/],
    ['a FIFO (opening it would block)', () => (execFileSync('mkfifo', [fifo]), fifo), /it is a FIFO \(named pipe\), not a regular file/],
    ['/dev/zero (never ends)', () => '/dev/zero', /it is a character device, not a regular file/],
    ['/dev/urandom (never ends)', () => '/dev/urandom', /it is a character device, not a regular file/],
    ['a symlink to /dev/zero', () => (symlinkSync('/dev/zero', linkToZero), linkToZero), /it is a character device, not a regular file/],
  ])('refuses %s at once, naming the path', (_label, make, message) => {
    const path = make();
    expectRefused(validate(path), path, message);
  });

  it('says so in Korean with --lang ko', () => {
    const r = validate('/dev/zero', ['--lang', 'ko']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('오류: /dev/zero: 모델 파일을 읽을 수 없습니다. 일반 파일이 아니라 문자 장치입니다\n');
  });

  it('follows a symlink to a real model file', () => {
    const link = join(tmp.dir, 'link-to-example.json');
    symlinkSync(examplePath('leaky-relu'), link);
    expect(validate(link).code).toBe(0);
  });
});

describe('model files over the 4 MiB limit', () => {
  it.each([
    ['a 100 MiB sparse file', 100 * 1024 ** 2],
    ['a 64 GiB sparse file', 64 * 1024 ** 3],
    ['one byte over the limit', MAX_MODEL_BYTES + 1],
  ])('refuses %s from its size, without reading it', (_label, size) => {
    const path = join(tmp.dir, `sparse-${size}.json`);
    closeSync(openSync(path, 'w'));
    truncateSync(path, size);
    expectRefused(validate(path), path, new RegExp(`${size} bytes is too large for a model file \\(limit ${MAX_MODEL_BYTES}\\)`));
  });

  it.skipIf(!posix)('refuses a file that keeps growing while it is read, without waiting for it to end', async () => {
    const path = join(tmp.dir, 'growing.json');
    writeFileSync(path, '');
    // A separate process appends as fast as it can for as long as the test runs.
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(path)}, 'a'); const b = Buffer.alloc(1 << 20, 32); for (;;) fs.writeSync(fd, b);`,
    ]);
    children.push(writer);
    while (statSync(path).size <= MAX_MODEL_BYTES) await new Promise((r) => setTimeout(r, 20));
    const r = validate(path);
    writer.kill('SIGKILL');
    expectRefused(r, path, /is too large for a model file \(limit 4194304\)/);
  });

  // Files in /proc report size 0 and then produce content: stat alone cannot catch them, only the
  // limit applied while reading can. /proc/kallsyms is a few MiB on most Linux kernels.
  const kallsyms = (() => {
    try {
      return statSync('/proc/kallsyms').size === 0 && readFileSync('/proc/kallsyms').length > MAX_MODEL_BYTES + 65_536;
    } catch {
      return false;
    }
  })();
  it.skipIf(!kallsyms)('refuses a file whose size says 0 but which holds more than 4 MiB (/proc/kallsyms)', () => {
    expectRefused(validate('/proc/kallsyms'), '/proc/kallsyms', /more than 4194304 bytes is too large for a model file/);
  });

  it.skipIf(process.platform !== 'linux')('stops reading at the limit, not at the end of the file (readModelText)', () => {
    // /proc/self/smaps: size 0 in stat, tens of KiB of content, so a small limit is passed mid-read.
    expect(() => readModelText('/proc/self/smaps', undefined, 4096)).toThrow(CliError);
    expect(() => readModelText('/proc/self/smaps', undefined, 4096)).toThrow(
      '/proc/self/smaps: more than 4096 bytes is too large for a model file (limit 4096)',
    );
    expect(() => readModelText('/proc/self/smaps', ko, 4096)).toThrow('/proc/self/smaps: 4096바이트를 넘어 모델 파일로는 너무 큽니다');
    expect(readModelText('/proc/self/smaps', undefined, 16 * 1024 ** 2).length).toBeGreaterThan(4096);
  });
});

describe('duplicate keys in a model file', () => {
  const text = readFileSync(examplePath('leaky-relu'), 'utf8');
  it.each([
    ['a layer', ['"units": 300,', '"units": 300, "units": 30,'], 'layers[1]: duplicate key "units"'],
    ['the root', ['"name": ', '"name": "first", "name": '], '(root): duplicate key "name"'],
    ['the optimizer', ['"learning_rate": 0.001', '"learning_rate": 0.001, "learning_rate": 1'], 'training.optimizer: duplicate key "learning_rate"'],
  ])('in %s: exit 1 naming the path and the key', (_label, [from, to], expected) => {
    expect(text).toContain(from);
    const path = join(tmp.dir, `dup-${expected.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, text.replace(from as string, to as string));
    const r = validate(path);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${path}: ${expected}`);
  });
});

describe('a version-1 model file', () => {
  const v2 = readFileSync(examplePath('leaky-relu'), 'utf8');

  it.each([
    ['en', en, 'read a version-1 file; saved as version 2'],
    ['ko', ko, '버전 1 파일을 읽었습니다. 저장하면 버전 2(으)로 저장됩니다'],
  ] as const)('is read as version 2 with one note in %s', (_lang, msg, note) => {
    const path = join(tmp.dir, `v1-${msg.lang}.json`);
    writeFileSync(path, v2.replace('"version": 2,', '"version": 1,'));
    const notes: string[] = [];
    const model = readModelFile(path, msg, (line) => notes.push(line));
    expect(model.version).toBe(2);
    expect(notes).toEqual([`${path}: ${note}`]);
  });

  it('a version-2 file gives no note', () => {
    const notes: string[] = [];
    readModelFile(examplePath('leaky-relu'), en, (line) => notes.push(line));
    expect(notes).toEqual([]);
  });
});
