/**
 * What `runs list|delete|rename|tag` print for people, in English and Korean. Both
 * catalogues implement one interface, so a line missing from one fails to compile.
 * JSON output (`--json`), run ids, tags and file names never change with the language.
 */
import type { RunStatus } from '../../src-shared/training/metrics.js';
import type { MetaProblem } from '../runs/index.js';
import type { CliLanguage } from './messages.js';

/** The lines of the run-management subcommands; functions for those with values. */
export interface RunsManageMessages {
  /** Column headings of `runs list`: id, name, status, epochs, best val, test, date. */
  header: readonly [string, string, string, string, string, string, string];
  status: Record<RunStatus, string>;
  /** Marks a damaged run's status in the table; the reason follows below it. */
  damagedMark: string;
  noRuns: (dir: string) => string;
  count: (n: number, dir: string) => string;
  damagedNote: (id: string, files: string, reason: string) => string;
  errorNote: (id: string, reason: string) => string;
  runsDirMissing: (source: string, dir: string) => string;
  runsDirNotFolder: (source: string, dir: string) => string;
  missingRunId: (sub: string) => string;
  missingName: string;
  missingTags: string;
  badRunId: (id: string) => string;
  unknownRun: (id: string, dir: string) => string;
  liveRun: (id: string, pid: number | null, host: string | null) => string;
  deleted: (id: string) => string;
  deleteFailed: (id: string, reason: string, done: readonly string[]) => string;
  renamed: (id: string, name: string) => string;
  nameReset: (id: string, modelName: string) => string;
  tagged: (id: string, tags: readonly string[]) => string;
  metaProblem: (p: MetaProblem) => string;
  writeFailed: (id: string, reason: string) => string;
}

const en: RunsManageMessages = {
  header: ['ID', 'NAME', 'STATUS', 'EPOCHS', 'BEST VAL', 'TEST', 'CREATED (UTC)'],
  status: { queued: 'queued', running: 'running', completed: 'completed', stopped: 'stopped', diverged: 'diverged', failed: 'failed' },
  damagedMark: ' (damaged)',
  noRuns: (dir) => `No runs in ${dir}.`,
  count: (n, dir) => `${n} run${n === 1 ? '' : 's'} in ${dir}`,
  damagedNote: (id, files, reason) => `${id}: damaged (${files}): ${reason}`,
  errorNote: (id, reason) => `${id}: ${reason}`,
  runsDirMissing: (source, dir) => `${source}: the runs folder ${JSON.stringify(dir)} does not exist`,
  runsDirNotFolder: (source, dir) => `${source}: ${JSON.stringify(dir)} is not a folder`,
  missingRunId: (sub) => `runs ${sub}: missing RUN_ID (see runs list)`,
  missingName: 'runs rename: missing NAME (use "" to show the model\'s name again)',
  missingTags: 'runs tag: missing TAG (a tag starting with - removes it: put -- before it)',
  badRunId: (id) => `run id: expected YYYYMMDD-HHMMSS-<slug>-<4 hex>, received ${JSON.stringify(id)}`,
  unknownRun: (id, dir) => `no run ${id} in ${dir}`,
  liveRun: (id, pid, host) => `run ${id} is training or queued${pid !== null ? ` by process ${pid} on ${host}` : ''}; stop it there first. Nothing was deleted.`,
  deleted: (id) => `deleted ${id}`,
  deleteFailed: (id, reason, done) => `could not delete ${id}: ${reason}${done.length ? ` (already deleted: ${done.join(', ')})` : ''}`,
  renamed: (id, name) => `${id}: named ${JSON.stringify(name)}`,
  nameReset: (id, modelName) => `${id}: shows the model's name again (${JSON.stringify(modelName)})`,
  tagged: (id, tags) => (tags.length ? `${id}: tags ${tags.join(', ')}` : `${id}: no tags`),
  metaProblem: (p) => {
    switch (p.kind) {
      case 'name_empty':
        return 'NAME: empty (use "" to show the model\'s name again)';
      case 'name_too_long':
        return `NAME: at most ${p.limit} characters, received ${p.length}`;
      case 'tag_invalid':
        return `TAG: ${JSON.stringify(p.tag)} is not a tag: use letters, digits, "-", "_", ".", ":" (1–40 characters, no spaces)`;
      case 'too_many_tags':
        return `TAG: at most ${p.limit} tags per run, this would make ${p.count}`;
      case 'note_too_long':
        return `note: at most ${p.limit} characters, received ${p.length}`;
    }
  },
  writeFailed: (id, reason) => `could not change ${id}: ${reason}`,
};

const ko: RunsManageMessages = {
  header: ['ID', '이름', '상태', '에포크', '최고 검증', '테스트', '만든 때(UTC)'],
  status: { queued: '대기 중', running: '학습 중', completed: '완료', stopped: '중단됨', diverged: '발산', failed: '실패' },
  damagedMark: ' (손상)',
  noRuns: (dir) => `${dir}에 실행이 없습니다.`,
  count: (n, dir) => `${dir}의 실행 ${n}개`,
  damagedNote: (id, files, reason) => `${id}: 손상됨(${files}): ${reason}`,
  errorNote: (id, reason) => `${id}: ${reason}`,
  runsDirMissing: (source, dir) => `${source}: 실행 폴더 ${JSON.stringify(dir)}이(가) 없습니다`,
  runsDirNotFolder: (source, dir) => `${source}: ${JSON.stringify(dir)}은(는) 폴더가 아닙니다`,
  missingRunId: (sub) => `runs ${sub}: RUN_ID가 없습니다(runs list로 확인하세요)`,
  missingName: 'runs rename: NAME이 없습니다(모델 이름을 다시 보이려면 ""를 쓰세요)',
  missingTags: 'runs tag: TAG가 없습니다(-로 시작하는 태그는 지웁니다: 그 앞에 --를 쓰세요)',
  badRunId: (id) => `run id: YYYYMMDD-HHMMSS-<slug>-<16진수 4자리> 형식이어야 합니다. 입력값: ${JSON.stringify(id)}`,
  unknownRun: (id, dir) => `${dir}에 실행 ${id}이(가) 없습니다`,
  liveRun: (id, pid, host) => `실행 ${id}은(는) ${pid !== null ? `${host}의 프로세스 ${pid}에서 ` : ''}학습 중이거나 대기 중입니다. 그곳에서 먼저 멈추세요. 아무것도 지우지 않았습니다.`,
  deleted: (id) => `${id} 삭제함`,
  deleteFailed: (id, reason, done) => `${id}을(를) 지우지 못했습니다: ${reason}${done.length ? ` (이미 지운 실행: ${done.join(', ')})` : ''}`,
  renamed: (id, name) => `${id}: 이름을 ${JSON.stringify(name)}(으)로 바꿈`,
  nameReset: (id, modelName) => `${id}: 모델 이름(${JSON.stringify(modelName)})을 다시 보임`,
  tagged: (id, tags) => (tags.length ? `${id}: 태그 ${tags.join(', ')}` : `${id}: 태그 없음`),
  metaProblem: (p) => {
    switch (p.kind) {
      case 'name_empty':
        return 'NAME: 비어 있습니다(모델 이름을 다시 보이려면 ""를 쓰세요)';
      case 'name_too_long':
        return `NAME: 최대 ${p.limit}자까지 쓸 수 있습니다. 입력: ${p.length}자`;
      case 'tag_invalid':
        return `TAG: ${JSON.stringify(p.tag)}은(는) 태그로 쓸 수 없습니다. 글자, 숫자, "-", "_", ".", ":"만 쓰세요(1–40자, 공백 없음)`;
      case 'too_many_tags':
        return `TAG: 실행마다 태그는 최대 ${p.limit}개입니다. 이대로면 ${p.count}개가 됩니다`;
      case 'note_too_long':
        return `note: 최대 ${p.limit}자까지 쓸 수 있습니다. 입력: ${p.length}자`;
    }
  },
  writeFailed: (id, reason) => `${id}을(를) 바꾸지 못했습니다: ${reason}`,
};

/** The catalogue per language. */
export const RUNS_MANAGE_MESSAGES: Record<CliLanguage, RunsManageMessages> = { en, ko };
