/**
 * Why a run failed, in the user's language. The training service records the reason in
 * English (status.json keeps it for scripts); this maps each sentence the service writes
 * (src-main/services/training-service.ts, the run store's `interrupted`) to Korean and keeps
 * the technical detail (signal, exit code, OS error) as it is. Reasons from the engine
 * itself, or new ones, stay English and whole.
 */
import { fillTemplate, type UiLanguage } from './template.js';

const PATTERNS: readonly { re: RegExp; ko: string }[] = [
  { re: /^interrupted$/, ko: '중단됨 — 이 실행을 훈련하던 앱이나 실습 서버가 실행이 끝나기 전에 멈췄습니다' },
  { re: /^the training process was killed \(([^)]*)\) before the run finished$/, ko: '훈련 프로세스가 실행이 끝나기 전에 강제 종료되었습니다({1})' },
  { re: /^the training process exited with code (\S+) before the run finished$/, ko: '훈련 프로세스가 실행이 끝나기 전에 종료되었습니다(코드 {1})' },
  { re: /^the training process could not be started: ([\s\S]*)$/, ko: '훈련 프로세스를 시작하지 못했습니다: {1}' },
  { re: /^the training process sent a malformed message: ([\s\S]*)$/, ko: '훈련 프로세스가 잘못된 메시지를 보냈습니다: {1}' },
  { re: /^cannot record the run: ([\s\S]*)$/, ko: '실행을 기록할 수 없습니다: {1}' },
  // The training process's own refusals of a start's weights (a continued run, or the run whose layers a transfer reuses).
  { re: /^cannot continue from (.*): it has no saved weights$/, ko: '{1}에서 이어서 학습할 수 없습니다: 저장된 가중치가 없습니다' },
  { re: /^cannot reuse the layers of (.*): it has no saved weights$/, ko: '{1}의 층을 재사용할 수 없습니다: 저장된 가중치가 없습니다' },
];

const STATUS_NOT_WRITTEN = /^([\s\S]*?)(?:; )?the run's status could not be written: ([\s\S]*)$/;

function one(reason: string): string {
  for (const p of PATTERNS) {
    const m = p.re.exec(reason);
    if (m) return fillTemplate(p.ko, Object.fromEntries(m.slice(1).map((g, i) => [String(i + 1), g ?? ''])));
  }
  return reason;
}

/**
 * A failed run's reason in `lang`. Example: `runErrorText('cannot record the run: status.json: cannot write (ENOSPC)', 'ko')`
 * → `'실행을 기록할 수 없습니다: status.json: cannot write (ENOSPC)'`. English returns it unchanged.
 */
export function runErrorText(reason: string, lang: UiLanguage): string {
  if (lang === 'en') return reason;
  // The service appends this when even the final status could not be written.
  const tail = STATUS_NOT_WRITTEN.exec(reason);
  if (tail) {
    const first = tail[1] ? `${one(tail[1])}; ` : '';
    return `${first}실행 상태를 기록하지 못했습니다: ${tail[2]}`;
  }
  return one(reason);
}
