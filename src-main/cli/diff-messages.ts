/**
 * What `diff` prints for people beyond the diff itself (whose lines come from
 * src-shared/model/diff-text.ts), in English and Korean like messages.ts. Both catalogues
 * implement one interface, so a missing line fails to compile. Arguments, paths and run
 * ids are quoted as given; the `--json` object never changes with the language.
 */
import type { CliLanguage } from './messages.js';

/** The lines of `diff`, one entry per message. */
export interface DiffMessages {
  /** A or B left out. */
  missingArguments: string;
  /** An argument that is no existing path and no run in the runs folder (`dirMissing`: the folder does not exist). */
  neither: (arg: string, runsDir: string, dirMissing: boolean) => string;
  /** A run whose model.json cannot be read: `reason` from the run store. */
  runModelDamaged: (runId: string, runsDir: string, reason: string) => string;
  /** First line above the validator's messages for a run's model.json that is not a valid model. */
  runModelInvalid: (runId: string, runsDir: string) => string;
}

const en: DiffMessages = {
  missingArguments: 'diff: expected two models, A and B (model files or run ids; try --help)',
  neither: (arg, dir, dirMissing) =>
    `diff: ${JSON.stringify(arg)} is neither a file nor a run in ${dir}${dirMissing ? ' (no such folder)' : ''}`,
  runModelDamaged: (id, dir, reason) => `diff: run ${id} in ${dir} is damaged: ${reason}`,
  runModelInvalid: (id, dir) => `diff: the model.json of run ${id} in ${dir} is not a valid model document:`,
};

const ko: DiffMessages = {
  missingArguments: 'diff: 비교할 모델 두 개(A와 B: 모델 파일 또는 실행 기록 id)가 필요합니다 (--help 참고)',
  neither: (arg, dir, dirMissing) =>
    `diff: ${JSON.stringify(arg)}은(는) 파일도 아니고 ${dir} 안의 실행 기록도 아닙니다${dirMissing ? ' (폴더가 없습니다)' : ''}`,
  runModelDamaged: (id, dir, reason) => `diff: ${dir}의 실행 기록 ${id}이(가) 손상되었습니다: ${reason}`,
  runModelInvalid: (id, dir) => `diff: ${dir}의 실행 기록 ${id}의 model.json이 올바른 모델 문서가 아닙니다:`,
};

/** `diff`'s messages by language. */
export const DIFF_MESSAGES: Record<CliLanguage, DiffMessages> = { en, ko };
