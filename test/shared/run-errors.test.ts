/** Failed-run reasons in Korean: each sentence the training service writes, with its details kept. */
import { describe, expect, it } from 'vitest';
import { runErrorText } from '../../src-shared/i18n/run-errors.js';

describe('runErrorText', () => {
  it.each([
    ['interrupted', '중단됨', ''],
    ['the training process was killed (SIGKILL) before the run finished', '강제 종료', 'SIGKILL'],
    ['the training process exited with code 137 before the run finished', '코드 137', '137'],
    ['the training process could not be started: spawn ENOENT', '시작하지 못했습니다', 'spawn ENOENT'],
    ['the training process sent a malformed message: metrics.layers[1].grad_norm: expected number', '잘못된 메시지', 'grad_norm'],
    ['cannot record the run: status.json: cannot write (ENOSPC)', '기록할 수 없습니다', 'ENOSPC'],
    ["the run's status could not be written: ENOENT", '실행 상태를 기록하지 못했습니다', 'ENOENT'],
    ["cannot record the run: ENOSPC; the run's status could not be written: ENOENT", '기록할 수 없습니다', 'ENOENT'],
  ])('%s', (reason, korean, kept) => {
    const ko = runErrorText(reason, 'ko');
    expect(ko).toContain(korean);
    expect(ko).toContain(kept);
    expect(runErrorText(reason, 'en')).toBe(reason);
  });
  it('keeps an unknown reason whole', () => {
    expect(runErrorText('out of memory in the engine', 'ko')).toBe('out of memory in the engine');
  });
});
