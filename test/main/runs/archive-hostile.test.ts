/**
 * Import refuses hostile and broken archives with a message naming the entry and the
 * problem, and the runs folder stays byte for byte as it was. Each case starts from a real
 * exported archive and changes one thing, so the refusal is that thing's.
 */
import { renameSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/data/atomic.js';
import { ArchiveError } from '../../../src-main/runs/archive-error.js';
import { exportRuns, importRuns } from '../../../src-main/runs/archive.js';
import { RunStore } from '../../../src-main/runs/index.js';
import { mainMessage } from '../../../src-shared/i18n/main-messages.js';
import { ARCHIVE_LIMITS } from '../../../src-shared/runs/types.js';
import { errno, scratchDirs, snapshot, tree, weightSpecs, weightValues } from './fixtures.js';
import { recordPlainRun } from './helpers/trained-runs.js';
import { craftZip, localRecord, type CraftEntry } from './helpers/zip-craft.js';

const dirs = scratchDirs('gl-hostile-');
const enc = new TextEncoder();
const MiB = 1024 * 1024;
let id: string;
let valid: CraftEntry[];
/** A runs folder with a run in it already: "touches nothing else" must hold for it too. */
let target: RunStore;

beforeAll(() => {
  const source = new RunStore(dirs.fresh());
  id = recordPlainRun(source);
  source.saveWeights(id, { modelTopology: { class_name: 'Sequential' }, weightSpecs, weightData: weightValues.buffer });
  const zip = exportRuns(source, [id], { weights: true });
  valid = Object.entries(unzipSync(zip)).map(([name, data]) => ({ name, data }));
  target = new RunStore(dirs.fresh());
  recordPlainRun(target);
});

const file = (path: string): string => `runs/${id}/${path}`;
const text = (s: string): Uint8Array => enc.encode(s);
/** The valid archive's entries with `change` applied. */
const changed = (change: (entries: CraftEntry[]) => CraftEntry[]): Uint8Array => craftZip(change(valid.map((e) => ({ ...e }))));
const plus = (...extra: CraftEntry[]) => changed((es) => [...es, ...extra]);
const replacing = (path: string, entry: Partial<CraftEntry>) => changed((es) => es.map((e) => (e.name === file(path) ? { ...e, ...entry } : e)));
const without = (path: string) => changed((es) => es.filter((e) => e.name !== path));
const fileText = (path: string): string => new TextDecoder().decode(valid.find((e) => e.name === file(path))!.data);

/** 130 MiB of zeros deflate to ~130 KB: over the 128 MiB entry limit once inflated. */
const bomb = new Uint8Array(deflateRawSync(Buffer.alloc(130 * MiB)));

type Case = [what: string, archive: () => Uint8Array, code: string, message: RegExp];

const cases: Case[] = [
  ['a ../ entry', () => plus({ name: '../x', data: text('x') }), 'archive.name_dotdot', /entry "\.\.\/x" has an unsafe name \(a "\.\." segment\)/],
  ['a ../ deeper inside', () => plus({ name: `runs/${id}/../../x`, data: text('x') }), 'archive.name_dotdot', /a "\.\." segment/],
  ['an absolute path', () => plus({ name: '/etc/x', data: text('x') }), 'archive.name_absolute', /entry "\/etc\/x" has an unsafe name \(an absolute path\)/],
  ['a drive letter', () => plus({ name: 'C:/x', data: text('x') }), 'archive.name_drive', /entry "C:\/x" has an unsafe name \(a drive letter\)/],
  ['a backslash', () => plus({ name: 'runs\\x', data: text('x') }), 'archive.name_backslash', /entry "runs\\\\x" has an unsafe name \(a backslash\)/],
  ['an empty name', () => plus({ name: '', data: text('x') }), 'archive.name_empty', /entry "" has an unsafe name \(an empty name\)/],
  ['a control character', () => plus({ name: 'runs/a\nb', data: text('x') }), 'archive.name_control', /a control character/],
  ['a symlink entry', () => replacing('model.json', { data: text('/etc/passwd'), mode: 0o120777 }), 'archive.symlink', /entry "runs\/.+\/model\.json" is a symbolic link/],
  ['a fifo entry', () => replacing('model.json', { mode: 0o010644 }), 'archive.not_a_file', /neither a regular file nor a folder/],
  ['an entry declared over the size limit', () => replacing('weights/weights.bin', { size: 200 * MiB }), 'archive.entry_too_large', /weights\.bin" is 209715200 bytes unpacked; at most 134217728 bytes per entry/],
  [
    'a bomb whose header lies (declares 1 KiB, inflates to 130 MiB)',
    () => replacing('metrics.jsonl', { raw: bomb, size: 1024, crc: 0 }),
    'archive.size_lie',
    /metrics\.jsonl" unpacks to more than the 1024 bytes its header declares \(a decompression bomb\?\)/,
  ],
  [
    'entries whose total is over the limit',
    () => plus(...Array.from({ length: 9 }, (_, i) => ({ name: `runs/20260101-00000${i}-x-0000/weights/weights.bin`, data: text('x'), size: 120 * MiB }))),
    'archive.total_too_large',
    /its entries are \d+ bytes unpacked; at most 1073741824 bytes in all/,
  ],
  [
    'too many entries',
    () => plus(...Array.from({ length: ARCHIVE_LIMITS.entries }, (_, i) => ({ name: `runs/${id}/x${i}`, method: 0, data: new Uint8Array() }))),
    'archive.too_many_entries',
    /it has 20008 entries; at most 20000 are imported/,
  ],
  [
    'an entry inside another entry\'s data (overlapping bomb)',
    () => {
      // Outer, stored, holds inner's local header and data: inner's bytes are counted twice.
      const inner = { name: 'inner.bin', data: text('x'.repeat(100)) };
      const outer = { name: 'outer.bin', method: 0, data: localRecord(inner).bytes };
      return changed((es) => [outer, { ...inner, at: 30 + outer.name.length }, ...es]);
    },
    'archive.corrupt_entry',
    /entry "inner\.bin" is damaged \(it overlaps entry "outer\.bin"\)/,
  ],
  [
    'two entries sharing one local header',
    () => plus({ name: file('notes.txt'), data: text('x'), at: 0 }),
    'archive.corrupt_entry',
    /notes\.txt" is damaged \(its local header names another entry\)/,
  ],
  ['an unknown file in a run', () => plus({ name: file('notes.txt'), data: text('x') }), 'archive.unknown_entry', /entry "runs\/.+\/notes\.txt" is not a file of a Gradient Lab run/],
  ['a heartbeat.json', () => plus({ name: file('heartbeat.json'), data: text('{}') }), 'archive.unknown_entry', /heartbeat\.json" is not a file/],
  ['a file at the root', () => plus({ name: 'evil.sh', data: text('rm -rf /') }), 'archive.unknown_entry', /entry "evil\.sh"/],
  ['a folder that is not a run id', () => plus({ name: 'runs/not-a-run/status.json', data: text('{}') }), 'archive.unknown_entry', /runs\/not-a-run\/status\.json/],
  ['a malformed status.json', () => replacing('status.json', { data: text('{"status": "completed"') }), 'archive.malformed_file', /status\.json" is malformed \(status\.json is not valid JSON/],
  ['a status.json of a running run', () => replacing('status.json', { data: text(fileText('status.json').replace('"stopped"', '"running"')) }), 'archive.malformed_file', /says the run is running/],
  [
    'a model.json that does not validate',
    () => replacing('model.json', { data: text(fileText('model.json').replace('"units": 10', '"units": 7')) }),
    'archive.invalid_model',
    /model\.json" is not a valid model document \(layers\[1\]\.units: the output layer must have 10 units/,
  ],
  ['a metrics.jsonl with a broken line', () => replacing('metrics.jsonl', { data: text('{"type":"epoch","epoch":"one"}\n') }), 'archive.malformed_file', /metrics\.jsonl: line 1 has no numeric "epoch"/],
  ['an environment.json missing a field', () => replacing('environment.json', { data: text('{"backend": "cpu"}') }), 'archive.malformed_file', /environment\.json is invalid at/],
  ['a meta.json that is not an object of the right types', () => replacing('meta.json', { data: text('{"tags": "a,b"}') }), 'archive.malformed_file', /meta\.json is invalid at tags/],
  ['weights.bin shorter than its manifest', () => replacing('weights/weights.bin', { data: new Uint8Array(8) }), 'archive.malformed_file', /weights\/weights\.bin has 8 bytes but weights\/model\.json declares 36/],
  ['weights.bin without its manifest', () => without(file('weights/model.json')), 'archive.missing_file', /run .+ lacks weights\/model\.json/],
  ['a run without status.json', () => without(file('status.json')), 'archive.missing_file', /lacks status\.json/],
  ['no manifest', () => without('gradient-lab-archive.json'), 'archive.no_manifest', /no gradient-lab-archive\.json/],
  [
    'a manifest of a newer format',
    () => changed((es) => es.map((e) => (e.name === 'gradient-lab-archive.json' ? { ...e, data: text('{"format":"gradient-lab/runs-archive","version":2,"app_version":"3.0.0"}') } : e))),
    'archive.newer_format',
    /archive format version 2 \(by Gradient Lab 3\.0\.0\)/,
  ],
  ['run files the manifest does not list', () => plus({ name: 'runs/20260101-000000-x-0000/status.json', data: text('{}') }), 'archive.run_unlisted', /files of run 20260101-000000-x-0000/],
  ['an entry that appears twice', () => plus({ name: file('model.json'), data: text('{}') }), 'archive.duplicate', /model\.json" appears more than once/],
  ['a CRC that does not match', () => replacing('model.json', { crc: 1234 }), 'archive.corrupt_entry', /CRC-32 mismatch/],
  ['a local header naming another entry', () => replacing('model.json', { localName: `runs/${id}/modeX.json` }), 'archive.corrupt_entry', /local header names another entry/],
  ['an encrypted entry', () => replacing('model.json', { flags: 0x0801 }), 'archive.encrypted', /model\.json" is encrypted/],
  ['a compression method other than deflate', () => replacing('model.json', { method: 12 }), 'archive.unsupported', /compression method 12/],
  ['a truncated zip', () => changed((es) => es).subarray(0, 300), 'archive.not_zip', /not a readable zip file \(no end-of-central-directory record/],
  ['a zip cut in its central directory', () => { const z = changed((es) => es); return z.subarray(0, z.length - 30); }, 'archive.not_zip', /not a readable zip file/],
  ['not a zip at all', () => text('{"runs": []}'), 'archive.not_zip', /not a readable zip file/],
  ['an empty file', () => new Uint8Array(), 'archive.not_zip', /only 0 bytes/],
  ['an archive over the size limit', () => new Uint8Array(ARCHIVE_LIMITS.archive_bytes + 1), 'archive.too_large', /it is 67108865 bytes; at most 67108864 bytes are imported/],
];

describe('importRuns refuses', () => {
  it.each(cases)('%s', (_what, archive, code, message) => {
    const bytes = archive();
    const before = { tree: tree(target.dir), files: snapshot(target.dir) };
    let error: unknown;
    try {
      importRuns(target, bytes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ArchiveError);
    const e = error as ArchiveError;
    expect([e.code, e.kind]).toEqual([code, 'refused']);
    expect(e.message).toMatch(/^Archive refused: /);
    expect(e.message).toMatch(message);
    // The coded form renders in Korean too, with the same entry named.
    const ko = mainMessage('ko', e.code, e.params);
    expect(ko).toMatch(/^아카이브를 거부했습니다: /);
    if (typeof e.params.entry === 'string') expect(ko).toContain(e.params.entry);
    expect({ tree: tree(target.dir), files: snapshot(target.dir) }).toEqual(before);
  });

  it('the valid archive these cases start from imports (so each refusal is the change\'s)', () => {
    const store = new RunStore(dirs.fresh());
    expect(importRuns(store, craftZip(valid)).imported).toEqual([{ from: id, to: id }]);
  });
});

describe('importRuns that fails while writing', () => {
  it.each([
    ['the disk fills up while the second run is written', 'writeFileAtomic' as const, /ENOSPC/],
    ['the second run cannot be renamed into place (after the first was)', 'renameSync' as const, /EACCES/],
  ])('%s: removes what it wrote, the folder stays as it was', (_what, failing, message) => {
    const source = new RunStore(dirs.fresh());
    const a = recordPlainRun(source);
    const b = recordPlainRun(source);
    const zip = exportRuns(source, [a, b], { weights: false });
    const before = { tree: tree(target.dir), files: snapshot(target.dir) };
    const calls: string[] = [];
    const fs = {
      writeFileAtomic: (path: string, data: Uint8Array | string) => {
        calls.push(`write ${path}`);
        if (failing === 'writeFileAtomic' && path.includes(b)) throw errno('ENOSPC', path);
        writeFileAtomic(path, data);
      },
      renameSync: (from: string, to: string) => {
        calls.push(`rename ${to}`);
        if (failing === 'renameSync' && to.endsWith(b)) throw errno('EACCES', to);
        renameSync(from, to);
      },
    };
    let error: unknown;
    try {
      importRuns(target, zip, { fs });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ArchiveError);
    const e = error as ArchiveError;
    expect([e.code, e.kind]).toEqual(['archive.cannot_import', 'failed']);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/nothing was kept/);
    // The failure came after something had been written: the first run's files (and, for the rename, the run itself).
    expect(calls.some((c) => c.startsWith('write') && c.includes(a))).toBe(true);
    if (failing === 'renameSync') expect(calls).toContain(`rename ${target.runDir(a)}`);
    expect({ tree: tree(target.dir), files: snapshot(target.dir) }).toEqual(before);
  });
});
