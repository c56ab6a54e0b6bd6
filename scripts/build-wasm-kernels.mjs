#!/usr/bin/env node
/**
 * Builds native/dense-kernels/dense_kernels.c into the committed WebAssembly module
 * src-main/engine/kernels/dense-kernels.wasm and its embedded copy
 * src-main/engine/kernels/dense-kernels.generated.ts (base64 + sha256, so the bundled
 * app and worker threads load it without a file path).
 *
 *   node scripts/build-wasm-kernels.mjs           rebuild and write both files
 *   node scripts/build-wasm-kernels.mjs --check   rebuild into a temp dir; exit 1 if the
 *                                                 committed files differ from the source
 *
 * The module imports tfjs-wasm's linear memory, so besides compiling, this script
 * proves the binary can only write where its callers point it: no data segments
 * (a .bss or .data would be initialised over tfjs' heap), no globals (clang's stack
 * pointer is the only one wasm-ld emits; it is removed and the module must still
 * validate, so no instruction reads or writes a global and hence nothing uses a
 * shadow stack), nothing imported but the memory, only functions exported.
 * Needs clang and wasm-ld (Debian: apt-get install clang lld); set $CLANG to pick one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'native/dense-kernels/dense_kernels.c';
const WASM_OUT = 'src-main/engine/kernels/dense-kernels.wasm';
const TS_OUT = 'src-main/engine/kernels/dense-kernels.generated.ts';

const CLANG_FLAGS = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-nostdlib',
  '-fno-builtin', // no memset/memcpy calls: nothing is linked to provide them
  '-ffreestanding',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--import-memory', // tfjs-wasm's memory, passed in as env.memory
  '-Wl,-z,stack-size=0', // there must be no stack in someone else's memory
  '-Wl,--strip-all', // no names / producers sections: the bytes depend on the code only
];

function fail(message) {
  console.error(`build-wasm-kernels: ${message}`);
  process.exit(1);
}

function findClang() {
  const candidates = process.env.CLANG ? [process.env.CLANG] : ['clang', 'clang-14'];
  for (const c of candidates) {
    try {
      const version = execFileSync(c, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return { clang: c, version: version.split('\n')[0].trim() };
    } catch {
      // try the next name
    }
  }
  return null;
}

function readU32(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [result, pos];
  }
}

function readName(bytes, pos) {
  const [len, p] = readU32(bytes, pos);
  return [new TextDecoder().decode(bytes.subarray(p, p + len)), p + len];
}

/** Splits a module into its sections: { id, start (of the whole section), end, body }. */
function sections(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((b, i) => bytes[i] === b)) throw new Error('not a wasm v1 module');
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const [size, p] = readU32(bytes, pos);
    out.push({ id, start, end: p + size, body: bytes.subarray(p, p + size) });
    pos = p + size;
  }
  return out;
}

const SECTION = { custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12 };

/**
 * Turns wasm-ld's output into the module we ship, or throws saying which rule it breaks.
 * Drops custom sections and the (unused) stack-pointer global, then re-validates.
 */
function sanitize(linked) {
  const kept = [];
  for (const s of sections(linked)) {
    switch (s.id) {
      case SECTION.custom:
        break; // names, producers: not needed, and they would tie the bytes to a toolchain
      case SECTION.data:
      case SECTION.dataCount:
        throw new Error('module has a data section: static data or .bss would be written into tfjs-wasm memory');
      case SECTION.start:
        throw new Error('module has a start function');
      case SECTION.memory:
        throw new Error('module defines its own memory instead of importing tfjs-wasm memory');
      case SECTION.element:
        throw new Error('module has element segments (function pointers); not expected');
      case SECTION.global: {
        // wasm-ld always defines __stack_pointer: one mutable i32. Expect exactly that, then drop it.
        const [count] = readU32(s.body, 0);
        if (count !== 1) throw new Error(`module has ${count} globals, expected only the unused stack pointer`);
        break;
      }
      case SECTION.import: {
        let [count, p] = readU32(s.body, 0);
        if (count !== 1) throw new Error(`module has ${count} imports, expected only env.memory`);
        let mod, field;
        [mod, p] = readName(s.body, p);
        [field, p] = readName(s.body, p);
        const kind = s.body[p];
        if (mod !== 'env' || field !== 'memory' || kind !== 2) throw new Error(`unexpected import ${mod}.${field} (kind ${kind})`);
        const flags = s.body[p + 1];
        if (flags & 0x02) throw new Error('imported memory is shared; tfjs-wasm (non-threaded) has a non-shared memory');
        kept.push(s);
        break;
      }
      case SECTION.export: {
        let [count, p] = readU32(s.body, 0);
        for (let i = 0; i < count; i++) {
          let name;
          [name, p] = readName(s.body, p);
          const kind = s.body[p++];
          [, p] = readU32(s.body, p);
          if (kind !== 0) throw new Error(`export ${name} is not a function (kind ${kind})`);
        }
        kept.push(s);
        break;
      }
      default:
        kept.push(s);
    }
  }
  const parts = [linked.subarray(0, 8), ...kept.map((s) => linked.subarray(s.start, s.end))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  // With no global and no data left, a valid module cannot touch a global (no shadow
  // stack) or any address it was not handed: validation is the proof.
  if (!WebAssembly.validate(out)) throw new Error('module does not validate without its globals: some code reads or writes a global (stack use?)');
  return out;
}

function build(outDir) {
  const found = findClang();
  if (found === null) fail('clang not found: apt-get install clang lld');
  const linked = join(outDir, 'linked.wasm');
  try {
    execFileSync(found.clang, [...CLANG_FLAGS, '-o', linked, SOURCE], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (e) {
    const stderr = String(e.stderr ?? '');
    if (/wasm-ld|unable to execute command|No such file/i.test(stderr)) fail(`wasm-ld not found (${stderr.trim()}): apt-get install clang lld`);
    fail(`clang failed:\n${stderr}`);
  }
  let wasm;
  try {
    wasm = sanitize(new Uint8Array(readFileSync(linked)));
  } catch (e) {
    fail(`${SOURCE}: ${e.message}`);
  }
  const sha256 = createHash('sha256').update(wasm).digest('hex');
  const b64 = Buffer.from(wasm).toString('base64');
  const ts = [
    `// Generated by scripts/build-wasm-kernels.mjs from ${SOURCE}. Do not edit:`,
    '// run `npm run build:kernels` (CI runs `npm run check:kernels`).',
    '',
    '/** The dense-kernels WebAssembly module (dense-kernels.wasm), base64, so no file path is needed to load it. */',
    `export const DENSE_KERNELS_WASM_BASE64 =\n  '${b64}';`,
    '',
    '/** sha256 (hex) of the decoded module: the loader refuses bytes that do not match. */',
    `export const DENSE_KERNELS_WASM_SHA256 = '${sha256}';`,
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'dense-kernels.wasm'), wasm);
  writeFileSync(join(outDir, 'dense-kernels.generated.ts'), ts);
  return { wasm, ts, sha256, clang: found.version };
}

const check = process.argv.includes('--check');
const tmp = mkdtempSync(join(tmpdir(), 'dense-kernels-'));
try {
  const built = build(tmp);
  if (check) {
    const stale = [];
    const committedWasm = existsSync(join(root, WASM_OUT)) ? readFileSync(join(root, WASM_OUT)) : null;
    if (committedWasm === null || !Buffer.from(built.wasm).equals(committedWasm)) stale.push(WASM_OUT);
    const committedTs = existsSync(join(root, TS_OUT)) ? readFileSync(join(root, TS_OUT), 'utf8') : null;
    if (committedTs !== built.ts) stale.push(TS_OUT);
    if (stale.length > 0) {
      fail(
        `${stale.join(' and ')} ${stale.length === 1 ? 'does' : 'do'} not match what ${SOURCE} builds to with ${built.clang}` +
          ` (sha256 ${built.sha256}).\nRun \`npm run build:kernels\` and commit the result` +
          ' (a different clang version also produces different bytes).',
      );
    }
    console.log(`dense kernels up to date (${built.wasm.length} bytes, sha256 ${built.sha256}, ${built.clang})`);
  } else {
    writeFileSync(join(root, WASM_OUT), built.wasm);
    writeFileSync(join(root, TS_OUT), built.ts);
    console.log(`wrote ${relative(root, join(root, WASM_OUT))} (${built.wasm.length} bytes, sha256 ${built.sha256}) and ${TS_OUT} (${built.clang})`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
