/**
 * What `runs export` and `runs import` print for people, in English and Korean like
 * messages.ts. Both catalogues implement one interface, so a missing line fails to compile.
 * Refusals of an archive are not here: they are the main side's coded messages
 * (src-shared/i18n/main-messages.ts), the same sentences the app shows. Run ids, paths and
 * the `--json` objects never change with the language.
 */
import type { CliLanguage, FileKind } from './messages.js';

/** The lines of `runs export|import`, one entry per message. */
export interface RunsArchiveMessages {
  missingRunIds: string;
  missingOut: string;
  /** `--out` names something that exists: nothing is ever replaced. */
  outExists: (path: string) => string;
  outFolderMissing: (path: string, folder: string) => string;
  flagNotFor: (sub: 'export' | 'import', flag: string) => string;
  missingFile: string;
  fileUnreadable: (path: string, code: string) => string;
  fileNotRegular: (path: string, kind: FileKind) => string;
  cannotWrite: (path: string, code: string) => string;
  exported: (runs: number, bytes: number, weights: boolean, out: string) => string;
  /** One imported run; `renamed` when its id was taken in the runs folder. */
  importedRun: (from: string, to: string) => string;
  importedAll: (runs: number, dir: string) => string;
}

const kinds: Record<CliLanguage, Record<FileKind, string>> = {
  en: {
    directory: 'a directory',
    fifo: 'a FIFO',
    'character-device': 'a character device',
    'block-device': 'a block device',
    socket: 'a socket',
    symlink: 'a symbolic link',
    other: 'not a regular file',
  },
  ko: {
    directory: '디렉터리',
    fifo: 'FIFO',
    'character-device': '문자 장치',
    'block-device': '블록 장치',
    socket: '소켓',
    symlink: '심볼릭 링크',
    other: '일반 파일이 아닌 것',
  },
};

const en: RunsArchiveMessages = {
  missingRunIds: 'runs export: expected one or more run ids (runs export RUN_ID… --out FILE [--weights])',
  missingOut: 'runs export: --out FILE is required: the archive to write',
  outExists: (p) => `--out: ${p} already exists; choose another name (an export never replaces a file)`,
  outFolderMissing: (p, folder) => `--out: cannot write ${p}: the folder ${folder} does not exist`,
  flagNotFor: (sub, flag) => `runs ${sub} does not take ${flag}`,
  missingFile: 'runs import: expected the archive to import (runs import FILE)',
  fileUnreadable: (p, code) => `${p}: cannot read the archive (${code})`,
  fileNotRegular: (p, k) => `${p}: cannot read the archive: it is ${kinds.en[k]}, not a regular file`,
  cannotWrite: (p, code) => `cannot write ${p} (${code}); nothing was written`,
  exported: (n, bytes, weights, out) => `exported ${n} run(s) ${weights ? 'with' : 'without'} weights to ${out} (${bytes} bytes)`,
  importedRun: (from, to) => (from === to ? `${from} → ${to}` : `${from} → ${to} (renamed: the id was taken)`),
  importedAll: (n, dir) => `imported ${n} run(s) into ${dir}`,
};

const ko: RunsArchiveMessages = {
  missingRunIds: 'runs export: 실행 id가 하나 이상 필요합니다 (runs export RUN_ID… --out FILE [--weights])',
  missingOut: 'runs export: --out FILE(쓸 아카이브 파일)이 필요합니다',
  outExists: (p) => `--out: ${p}이(가) 이미 있습니다. 다른 이름을 고르세요(내보내기는 파일을 덮어쓰지 않습니다)`,
  outFolderMissing: (p, folder) => `--out: ${p}을(를) 쓸 수 없습니다. 폴더 ${folder}이(가) 없습니다`,
  flagNotFor: (sub, flag) => `runs ${sub}에는 ${flag}을(를) 쓸 수 없습니다`,
  missingFile: 'runs import: 가져올 아카이브 파일이 필요합니다 (runs import FILE)',
  fileUnreadable: (p, code) => `${p}: 아카이브를 읽을 수 없습니다 (${code})`,
  fileNotRegular: (p, k) => `${p}: 아카이브를 읽을 수 없습니다. 일반 파일이 아니라 ${kinds.ko[k]}입니다`,
  cannotWrite: (p, code) => `${p}을(를) 쓸 수 없습니다 (${code}). 아무것도 쓰지 않았습니다`,
  exported: (n, bytes, weights, out) => `실행 ${n}개를 가중치${weights ? ' 포함' : ' 없이'} ${out}(으)로 내보냈습니다 (${bytes}바이트)`,
  importedRun: (from, to) => (from === to ? `${from} → ${to}` : `${from} → ${to} (이름 바꿈: 같은 id가 이미 있습니다)`),
  importedAll: (n, dir) => `실행 ${n}개를 ${dir}(으)로 가져왔습니다`,
};

/** `runs export|import`'s messages by language. */
export const RUNS_ARCHIVE_MESSAGES: Record<CliLanguage, RunsArchiveMessages> = { en, ko };
