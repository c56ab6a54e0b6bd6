/**
 * Sentences the main side says to users (refusals, queue limits, run ownership), in
 * both UI languages. Main sends `{ message (English), code, params }`; the renderer
 * and the CLI render `code` in the user's language and fall back to `message` for
 * codes they do not know. Plain TypeScript: both sides import it.
 */

import { fillTemplate, type UiLanguage } from './template.js';

/** The UI languages. */
export type MainLanguage = UiLanguage;

const en = {
  'queue.per_client':
    'This browser already has {held} run(s) training or queued (limit {limit} per browser on this lab server). Stop it or wait until it ends.',
  'queue.full': 'The training queue is full ({limit} runs waiting). Try again later.',
  'runs.not_active': 'Run {run_id} is neither training nor queued.',
  'runs.still_active': 'Run {run_id} is still training or queued; stop it first.',
  'runs.owned_elsewhere': 'Run {run_id} is being trained by process {pid} on {host}; stop it there first.',
  'runs.cannot_create': 'The run could not be created in the runs folder {dir}: {reason}',
  'runs.unknown': 'There is no run {run_id} in the runs folder {dir} (deleted meanwhile?).',
  'runs.name_empty': 'name: the name is empty; give a name, or none to show the model\'s name.',
  'runs.name_too_long': 'name: at most {limit} characters; received {length}.',
  'runs.tag_invalid': 'tags: {tag} is not a tag: use letters, digits, "-", "_", ".", ":" (1–40 characters, no spaces).',
  'runs.too_many_tags': 'tags: at most {limit} tags per run; received {count}.',
  'runs.note_too_long': 'note: at most {limit} characters; received {length}.',
  'runs.cannot_update': 'Run {run_id} could not be updated: {reason}',
  'runs.cannot_delete': 'Run {run_id} could not be moved to the trash: {reason}',
  'runs.not_in_trash': 'Run {run_id} is not in the trash: only runs deleted in this session can be restored.',
  'runs.restore_exists': 'Run {run_id} cannot be restored: a run with that id is in the runs folder again.',
  'runs.cannot_restore': 'Run {run_id} could not be restored: {reason}',
  'settings.not_allowed': 'This client may not change the settings of the lab server (its command-line flags set them).',
  'settings.busy': 'A run is training or queued; stop it before moving the runs folder.',
  'settings.bad_folder': 'Cannot use {path} as the runs folder ({reason}).',
  'busy.evaluate': '{count} evaluations are already running or waiting; try again in a moment.',
  'busy.sample': '{count} weight samples are already being drawn or waiting; try again in a moment.',
  'busy.speeds': '{count} activation speed measurements are already running or waiting; try again in a moment.',
  'speeds.failed': 'The activation speeds could not be measured: {detail}',
  'evaluate.not_a_run': '{path} is not a run folder: {detail}',
  'evaluate.model_damaged': 'Run {run} cannot be evaluated: its model.json is damaged ({detail}).',
  'evaluate.active': 'Run {run} is still {status}; evaluate it once it has finished.',
  'evaluate.diverged': 'Run {run} diverged: its weights are NaN/Inf and were not saved, so there is nothing to evaluate.',
  'evaluate.diverged_at':
    'Run {run} diverged at epoch {epoch}, step {step}: its weights are NaN/Inf and were not saved, so there is nothing to evaluate.',
  'evaluate.no_weights': 'Run {run} has no saved weights (status {status}): nothing to evaluate.',
  'evaluate.weights_damaged': 'Run {run} cannot be evaluated: its saved weights are damaged ({detail}).',
  'crossval.not_active': 'Study {study_id} is not running (it has ended, or it was started by another app or server).',
  'crossval.candidate_invalid': 'The model cannot be trained with {activation}: applying it gives an invalid model ({detail}).',
  'crossval.busy': 'A cross-validation study is running; stop it before moving the runs folder.',
  'restart.unknown_run': 'There is no run {run_id} in the runs folder {dir}.',
  'rerun.damaged': 'Run {run_id} cannot be re-run: {detail}',
  'rerun.source_unusable': 'Run {run_id} cannot be re-run: it continued run {source}, whose saved weights are no longer usable ({detail}).',
  'continue.damaged': 'Run {run_id} cannot be continued: {detail}',
  'continue.active': 'Run {run_id} is still {status}; continue it once it has stopped or completed.',
  'continue.diverged':
    'Run {run_id} diverged: its weights are NaN/Inf and were not saved, so there is nothing to continue from. Re-run it with a smaller learning rate instead.',
  'continue.failed': 'Run {run_id} failed ({detail}); only a stopped or completed run can be continued.',
  'continue.no_weights': 'Run {run_id} has no saved weights (status {status}): there is nothing to continue from.',
  'continue.weights_damaged': 'Run {run_id} cannot be continued: its saved weights are damaged ({detail}).',
  'archive.unknown_run': 'No run {run_id} in the runs folder {dir}.',
  'archive.run_active': 'Run {run_id} is still {status}; export it once it has finished.',
  'archive.run_damaged': 'Run {run_id} cannot be exported: {detail}',
  'archive.export_too_large': 'The archive would be {bytes} bytes, more than the {limit} bytes an import accepts; export fewer runs, or leave out the weights.',
  'archive.too_large': 'Archive refused: it is {bytes} bytes; at most {limit} bytes are imported.',
  'archive.not_zip': 'Archive refused: it is not a readable zip file ({detail}).',
  'archive.too_many_entries': 'Archive refused: it has {count} entries; at most {limit} are imported.',
  'archive.name_dotdot': 'Archive refused: entry {entry} has an unsafe name (a ".." segment).',
  'archive.name_absolute': 'Archive refused: entry {entry} has an unsafe name (an absolute path).',
  'archive.name_drive': 'Archive refused: entry {entry} has an unsafe name (a drive letter).',
  'archive.name_backslash': 'Archive refused: entry {entry} has an unsafe name (a backslash).',
  'archive.name_empty': 'Archive refused: entry {entry} has an unsafe name (an empty name).',
  'archive.name_control': 'Archive refused: entry {entry} has an unsafe name (a control character).',
  'archive.name_dot': 'Archive refused: entry {entry} has an unsafe name (a "." segment).',
  'archive.name_empty_segment': 'Archive refused: entry {entry} has an unsafe name (an empty segment).',
  'archive.name_not_utf8': 'Archive refused: entry {entry} has a name that is not UTF-8.',
  'archive.symlink': 'Archive refused: entry {entry} is a symbolic link.',
  'archive.not_a_file': 'Archive refused: entry {entry} is neither a regular file nor a folder.',
  'archive.encrypted': 'Archive refused: entry {entry} is encrypted.',
  'archive.unsupported': 'Archive refused: entry {entry} uses {detail}, which is not supported.',
  'archive.entry_too_large': 'Archive refused: entry {entry} is {bytes} bytes unpacked; at most {limit} bytes per entry.',
  'archive.total_too_large': 'Archive refused: its entries are {bytes} bytes unpacked; at most {limit} bytes in all.',
  'archive.size_lie': 'Archive refused: entry {entry} unpacks to more than the {declared} bytes its header declares (a decompression bomb?).',
  'archive.corrupt_entry': 'Archive refused: entry {entry} is damaged ({detail}).',
  'archive.duplicate': 'Archive refused: entry {entry} appears more than once.',
  'archive.unknown_entry':
    'Archive refused: entry {entry} is not a file of a Gradient Lab run (expected gradient-lab-archive.json or runs/<run id>/<run file>).',
  'archive.no_manifest': 'Archive refused: it has no gradient-lab-archive.json, so it was not made by Gradient Lab.',
  'archive.bad_manifest': 'Archive refused: gradient-lab-archive.json is invalid ({detail}).',
  'archive.newer_format':
    'Archive refused: it was written in archive format version {version} (by Gradient Lab {app_version}); this Gradient Lab reads version {supported}. Update Gradient Lab.',
  'archive.run_missing': 'Archive refused: gradient-lab-archive.json lists run {run_id}, but the archive has no files of it.',
  'archive.run_unlisted': 'Archive refused: it holds files of run {run_id}, which gradient-lab-archive.json does not list.',
  'archive.no_runs': 'Archive refused: it holds no runs.',
  'archive.too_many_runs': 'An archive holds at most {limit} runs; received {count}.',
  'archive.missing_file': 'Archive refused: run {run_id} lacks {file}.',
  'archive.malformed_file': 'Archive refused: entry {entry} is malformed ({detail}).',
  'archive.invalid_model': 'Archive refused: entry {entry} is not a valid model document ({detail}).',
  'archive.cannot_import': 'The runs could not be imported into {dir} ({detail}); nothing was kept.',
  'python.no_weights': 'Run {run_id} has no saved weights (status {status}): there is nothing to load in Keras.',
  'python.weights_damaged': 'Run {run_id} cannot be exported for Python: its saved weights are damaged ({detail}).',
  'python.model_invalid': 'Run {run_id} cannot be exported for Python: its model.json is not a valid model document ({detail}).',
  'python.weights_mismatch': 'Run {run_id} cannot be exported for Python: its saved weights do not fit its model ({detail}).',
  'transfer.unknown_run': 'The model reuses the layers of run {run_id} (transfer.run), but the runs folder {dir} has no such run.',
  'transfer.damaged': 'The model cannot reuse the layers of run {run_id}: {detail}',
  'transfer.active': 'The model reuses the layers of run {run_id}, which is still {status}; start it once that run has finished.',
  'transfer.no_weights': 'The model reuses the layers of run {run_id}, which has no saved weights (status {status}).',
  'transfer.weights_damaged': 'The model cannot reuse the layers of run {run_id}: its saved weights are damaged ({detail}).',
  'transfer.mismatch': 'The model\'s first {layers} layer(s) do not match those of run {run_id}: {detail}',
  'transfer.problem.count_invalid': 'transfer.layers must be an integer ≥ 1; received {layers}',
  'transfer.problem.count_source': 'transfer.layers is {layers}, but the source model has only {count} layer(s)',
  'transfer.problem.count_target': 'transfer.layers is {layers}, but this model has only {count} layer(s)',
  'transfer.problem.kind': 'layers[{index}] is a {target} layer here but a {source} layer in the source model',
  'transfer.problem.units': 'layers[{index}] (dense) has {target} units here but {source} in the source model',
  'transfer.problem.use_bias': 'layers[{index}] (dense) has use_bias {target} here but {source} in the source model',
  'transfer.problem.preprocess': 'preprocess is {target} here but the source model was trained on {source} inputs',
  'train.early_stopped': 'stopped early at epoch {epoch} (best epoch {best_epoch}, weights restored)',
  'train.early_stopped_kept': 'stopped early at epoch {epoch} (best epoch {best_epoch}; the last epoch\'s weights were kept)',
} as const;

/** A code of a main-side message. */
export type MainMessageCode = keyof typeof en;

const ko: Record<MainMessageCode, string> = {
  'queue.per_client':
    '이 브라우저에는 이미 학습 중이거나 대기 중인 실행이 {held}개 있습니다(이 랩 서버에서는 브라우저당 {limit}개까지). 그 실행을 멈추거나 끝날 때까지 기다리세요.',
  'queue.full': '학습 대기열이 가득 찼습니다(대기 중 {limit}개). 잠시 후 다시 시도하세요.',
  'runs.not_active': '실행 {run_id}은(는) 학습 중이거나 대기 중이 아닙니다.',
  'runs.still_active': '실행 {run_id}이(가) 아직 학습 중이거나 대기 중입니다. 먼저 멈추세요.',
  'runs.owned_elsewhere': '실행 {run_id}은(는) {host}의 프로세스 {pid}이(가) 학습하고 있습니다. 그곳에서 먼저 멈추세요.',
  'runs.cannot_create': '실행 폴더 {dir}에 실행을 만들 수 없습니다: {reason}',
  'runs.unknown': '실행 폴더 {dir}에 실행 {run_id}이(가) 없습니다(그사이 삭제되었나요?).',
  'runs.name_empty': 'name: 이름이 비어 있습니다. 이름을 입력하거나, 모델 이름을 보이려면 이름을 지우세요.',
  'runs.name_too_long': 'name: 최대 {limit}자까지 쓸 수 있습니다. 입력: {length}자.',
  'runs.tag_invalid': 'tags: {tag}은(는) 태그로 쓸 수 없습니다. 글자, 숫자, "-", "_", ".", ":"만 쓰세요(1–40자, 공백 없음).',
  'runs.too_many_tags': 'tags: 실행마다 태그는 최대 {limit}개입니다. 입력: {count}개.',
  'runs.note_too_long': 'note: 최대 {limit}자까지 쓸 수 있습니다. 입력: {length}자.',
  'runs.cannot_update': '실행 {run_id}을(를) 수정하지 못했습니다: {reason}',
  'runs.cannot_delete': '실행 {run_id}을(를) 휴지통으로 옮기지 못했습니다: {reason}',
  'runs.not_in_trash': '실행 {run_id}은(는) 휴지통에 없습니다. 이번 세션에서 삭제한 실행만 되살릴 수 있습니다.',
  'runs.restore_exists': '실행 {run_id}을(를) 되살릴 수 없습니다: 같은 id의 실행이 실행 폴더에 다시 있습니다.',
  'runs.cannot_restore': '실행 {run_id}을(를) 되살리지 못했습니다: {reason}',
  'settings.not_allowed': '이 클라이언트는 랩 서버의 설정을 바꿀 수 없습니다(서버의 명령줄 옵션이 정합니다).',
  'settings.busy': '학습 중이거나 대기 중인 실행이 있습니다. 실행 폴더를 옮기기 전에 멈추세요.',
  'settings.bad_folder': '{path}을(를) 실행 폴더로 쓸 수 없습니다({reason}).',
  'busy.evaluate': '이미 평가 {count}개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.',
  'busy.sample': '이미 가중치 표본 {count}개를 뽑는 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.',
  'busy.speeds': '이미 활성화 함수 속도 측정 {count}개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.',
  'speeds.failed': '활성화 함수 속도를 측정하지 못했습니다: {detail}',
  'evaluate.not_a_run': '{path}은(는) 실행 폴더가 아닙니다: {detail}',
  'evaluate.model_damaged': '실행 {run}을(를) 평가할 수 없습니다: model.json이 손상되었습니다({detail}).',
  'evaluate.active': '실행 {run}이(가) 아직 {status} 상태입니다. 끝난 뒤에 평가하세요.',
  'evaluate.diverged': '실행 {run}은(는) 발산했습니다: 가중치가 NaN/Inf라 저장되지 않았으므로 평가할 것이 없습니다.',
  'evaluate.diverged_at': '실행 {run}은(는) 에포크 {epoch}, 스텝 {step}에서 발산했습니다: 가중치가 NaN/Inf라 저장되지 않았으므로 평가할 것이 없습니다.',
  'evaluate.no_weights': '실행 {run}에는 저장된 가중치가 없습니다(상태 {status}). 평가할 것이 없습니다.',
  'evaluate.weights_damaged': '실행 {run}을(를) 평가할 수 없습니다: 저장된 가중치가 손상되었습니다({detail}).',
  'crossval.not_active': '연구 {study_id}은(는) 실행 중이 아닙니다(이미 끝났거나 다른 앱이나 서버에서 시작되었습니다).',
  'crossval.candidate_invalid': '이 모델은 {activation}(으)로 학습할 수 없습니다: 적용하면 올바르지 않은 모델이 됩니다({detail}).',
  'crossval.busy': '교차 검증 연구가 실행 중입니다. 실행 폴더를 옮기기 전에 멈추세요.',
  'restart.unknown_run': '실행 폴더 {dir}에 실행 {run_id}이(가) 없습니다.',
  'rerun.damaged': '실행 {run_id}을(를) 다시 실행할 수 없습니다: {detail}',
  'rerun.source_unusable':
    '실행 {run_id}을(를) 다시 실행할 수 없습니다: 이 실행은 실행 {source}의 가중치에서 이어서 학습했는데, 그 저장된 가중치를 더 이상 쓸 수 없습니다({detail}).',
  'continue.damaged': '실행 {run_id}을(를) 이어서 학습할 수 없습니다: {detail}',
  'continue.active': '실행 {run_id}이(가) 아직 {status} 상태입니다. 멈추거나 완료된 뒤에 이어서 학습하세요.',
  'continue.diverged':
    '실행 {run_id}은(는) 발산했습니다: 가중치가 NaN/Inf라 저장되지 않았으므로 이어서 학습할 것이 없습니다. 대신 더 작은 학습률로 다시 실행하세요.',
  'continue.failed': '실행 {run_id}은(는) 실패했습니다({detail}). 멈췄거나 완료된 실행만 이어서 학습할 수 있습니다.',
  'continue.no_weights': '실행 {run_id}에는 저장된 가중치가 없습니다(상태 {status}). 이어서 학습할 것이 없습니다.',
  'continue.weights_damaged': '실행 {run_id}을(를) 이어서 학습할 수 없습니다: 저장된 가중치가 손상되었습니다({detail}).',
  'archive.unknown_run': '실행 폴더 {dir}에 실행 {run_id}이(가) 없습니다.',
  'archive.run_active': '실행 {run_id}이(가) 아직 {status} 상태입니다. 끝난 뒤에 내보내세요.',
  'archive.run_damaged': '실행 {run_id}을(를) 내보낼 수 없습니다: {detail}',
  'archive.export_too_large': '아카이브가 {bytes}바이트가 되어, 가져오기가 받는 {limit}바이트를 넘습니다. 실행을 더 적게 고르거나 가중치를 빼고 내보내세요.',
  'archive.too_large': '아카이브를 거부했습니다: 크기가 {bytes}바이트입니다. 가져올 수 있는 크기는 최대 {limit}바이트입니다.',
  'archive.not_zip': '아카이브를 거부했습니다: 읽을 수 있는 zip 파일이 아닙니다({detail}).',
  'archive.too_many_entries': '아카이브를 거부했습니다: 항목이 {count}개입니다. 최대 {limit}개까지 가져옵니다.',
  'archive.name_dotdot': '아카이브를 거부했습니다: 항목 {entry}의 이름에 ".." 경로 조각이 있어 안전하지 않습니다.',
  'archive.name_absolute': '아카이브를 거부했습니다: 항목 {entry}의 이름이 절대 경로라 안전하지 않습니다.',
  'archive.name_drive': '아카이브를 거부했습니다: 항목 {entry}의 이름에 드라이브 문자가 있어 안전하지 않습니다.',
  'archive.name_backslash': '아카이브를 거부했습니다: 항목 {entry}의 이름에 백슬래시가 있어 안전하지 않습니다.',
  'archive.name_empty': '아카이브를 거부했습니다: 항목 {entry}의 이름이 비어 있어 안전하지 않습니다.',
  'archive.name_control': '아카이브를 거부했습니다: 항목 {entry}의 이름에 제어 문자가 있어 안전하지 않습니다.',
  'archive.name_dot': '아카이브를 거부했습니다: 항목 {entry}의 이름에 "." 경로 조각이 있어 안전하지 않습니다.',
  'archive.name_empty_segment': '아카이브를 거부했습니다: 항목 {entry}의 이름에 빈 경로 조각이 있어 안전하지 않습니다.',
  'archive.name_not_utf8': '아카이브를 거부했습니다: 항목 {entry}의 이름이 UTF-8이 아닙니다.',
  'archive.symlink': '아카이브를 거부했습니다: 항목 {entry}은(는) 심볼릭 링크입니다.',
  'archive.not_a_file': '아카이브를 거부했습니다: 항목 {entry}은(는) 일반 파일도 폴더도 아닙니다.',
  'archive.encrypted': '아카이브를 거부했습니다: 항목 {entry}이(가) 암호화되어 있습니다.',
  'archive.unsupported': '아카이브를 거부했습니다: 항목 {entry}은(는) 지원하지 않는 {detail}을(를) 씁니다.',
  'archive.entry_too_large': '아카이브를 거부했습니다: 항목 {entry}은(는) 풀면 {bytes}바이트입니다. 항목당 최대 {limit}바이트입니다.',
  'archive.total_too_large': '아카이브를 거부했습니다: 항목들을 풀면 모두 {bytes}바이트입니다. 합계 최대 {limit}바이트입니다.',
  'archive.size_lie': '아카이브를 거부했습니다: 항목 {entry}을(를) 풀면 헤더에 적힌 {declared}바이트보다 커집니다(압축 폭탄일 수 있습니다).',
  'archive.corrupt_entry': '아카이브를 거부했습니다: 항목 {entry}이(가) 손상되었습니다({detail}).',
  'archive.duplicate': '아카이브를 거부했습니다: 항목 {entry}이(가) 두 번 이상 들어 있습니다.',
  'archive.unknown_entry':
    '아카이브를 거부했습니다: 항목 {entry}은(는) Gradient Lab 실행의 파일이 아닙니다(gradient-lab-archive.json 또는 runs/<실행 id>/<실행 파일>이어야 합니다).',
  'archive.no_manifest': '아카이브를 거부했습니다: gradient-lab-archive.json이 없으므로 Gradient Lab이 만든 아카이브가 아닙니다.',
  'archive.bad_manifest': '아카이브를 거부했습니다: gradient-lab-archive.json이 올바르지 않습니다({detail}).',
  'archive.newer_format':
    '아카이브를 거부했습니다: 아카이브 형식 버전 {version}(Gradient Lab {app_version})으로 만들어졌습니다. 이 Gradient Lab은 버전 {supported}을(를) 읽습니다. Gradient Lab을 업데이트하세요.',
  'archive.run_missing': '아카이브를 거부했습니다: gradient-lab-archive.json에 실행 {run_id}이(가) 있지만 아카이브에 그 파일이 없습니다.',
  'archive.run_unlisted': '아카이브를 거부했습니다: 실행 {run_id}의 파일이 있지만 gradient-lab-archive.json에는 없습니다.',
  'archive.no_runs': '아카이브를 거부했습니다: 실행이 하나도 없습니다.',
  'archive.too_many_runs': '아카이브에는 실행을 최대 {limit}개까지 담을 수 있습니다. 받은 수: {count}개.',
  'archive.missing_file': '아카이브를 거부했습니다: 실행 {run_id}에 {file}이(가) 없습니다.',
  'archive.malformed_file': '아카이브를 거부했습니다: 항목 {entry}의 형식이 잘못되었습니다({detail}).',
  'archive.invalid_model': '아카이브를 거부했습니다: 항목 {entry}은(는) 올바른 모델 문서가 아닙니다({detail}).',
  'archive.cannot_import': '실행을 {dir}(으)로 가져오지 못했습니다({detail}). 아무것도 남기지 않았습니다.',
  'python.no_weights': '실행 {run_id}에는 저장된 가중치가 없습니다(상태 {status}). Keras에서 불러올 것이 없습니다.',
  'python.weights_damaged': '실행 {run_id}을(를) Python용으로 내보낼 수 없습니다: 저장된 가중치가 손상되었습니다({detail}).',
  'python.model_invalid': '실행 {run_id}을(를) Python용으로 내보낼 수 없습니다: model.json이 올바른 모델 문서가 아닙니다({detail}).',
  'python.weights_mismatch': '실행 {run_id}을(를) Python용으로 내보낼 수 없습니다: 저장된 가중치가 모델과 맞지 않습니다({detail}).',
  'transfer.unknown_run': '이 모델은 실행 {run_id}의 층을 재사용하지만(transfer.run), 실행 폴더 {dir}에 그런 실행이 없습니다.',
  'transfer.damaged': '실행 {run_id}의 층을 재사용할 수 없습니다: {detail}',
  'transfer.active': '이 모델이 층을 재사용하는 실행 {run_id}이(가) 아직 {status} 상태입니다. 그 실행이 끝난 뒤에 시작하세요.',
  'transfer.no_weights': '이 모델이 층을 재사용하는 실행 {run_id}에는 저장된 가중치가 없습니다(상태 {status}).',
  'transfer.weights_damaged': '실행 {run_id}의 층을 재사용할 수 없습니다: 저장된 가중치가 손상되었습니다({detail}).',
  'transfer.mismatch': '모델의 처음 {layers}개 층이 실행 {run_id}의 층과 맞지 않습니다: {detail}',
  'transfer.problem.count_invalid': 'transfer.layers는 1 이상의 정수여야 합니다. 입력값: {layers}',
  'transfer.problem.count_source': 'transfer.layers가 {layers}이지만 원본 모델에는 층이 {count}개뿐입니다',
  'transfer.problem.count_target': 'transfer.layers가 {layers}이지만 이 모델에는 층이 {count}개뿐입니다',
  'transfer.problem.kind': 'layers[{index}]이(가) 여기서는 {target} 층이지만 원본 모델에서는 {source} 층입니다',
  'transfer.problem.units': 'layers[{index}](dense)의 유닛 수가 여기서는 {target}개, 원본 모델에서는 {source}개입니다',
  'transfer.problem.use_bias': 'layers[{index}](dense)의 use_bias가 여기서는 {target}, 원본 모델에서는 {source}입니다',
  'transfer.problem.preprocess': 'preprocess가 여기서는 {target}이지만 원본 모델은 {source} 입력으로 학습했습니다',
  'train.early_stopped': '에포크 {epoch}에서 조기 종료했습니다(최선의 에포크 {best_epoch}, 그 가중치로 복원함)',
  'train.early_stopped_kept': '에포크 {epoch}에서 조기 종료했습니다(최선의 에포크 {best_epoch}; 마지막 에포크의 가중치를 유지함)',
};

/** Every main-side message per language. */
export const MAIN_MESSAGES: Record<MainLanguage, Record<MainMessageCode, string>> = { en, ko };

/** Parameters of a message: plain values, filled into `{name}` placeholders. */
export type MainMessageParams = Record<string, string | number>;

/** Whether `code` names a main-side message. */
export function isMainMessageCode(code: unknown): code is MainMessageCode {
  return typeof code === 'string' && Object.hasOwn(en, code);
}

/**
 * The message in `lang`. Example: `mainMessage('ko', 'queue.full', { limit: 200 })` →
 * `'학습 대기열이 가득 찼습니다(대기 중 200개). …'`. Unknown placeholders stay as written.
 */
export function mainMessage(lang: MainLanguage, code: MainMessageCode, params: MainMessageParams = {}): string {
  return fillTemplate(MAIN_MESSAGES[lang][code], params);
}
