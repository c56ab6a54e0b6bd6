/**
 * `lr-find`, `evaluate --mc-dropout` and `transfer` flags through the real CLI: the finder's
 * exact `--json` keys and numbers on 1,000 Fashion-MNIST images (wasm), the Korean report,
 * and the usage errors (exit 2, naming the flag and the value) found before any file is read.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { examplePath } from '../../helpers/examples.js';

const lastLine = (stdout: string): string => stdout.trim().split('\n').pop() ?? '';
const model = examplePath('leaky-relu');
const sweep = ['--limit', '1000', '--steps', '60', '--min-rate', '1e-4', '--max-rate', '10', '--backend', 'wasm'];

describe('lr-find', () => {
  it('--json: one object with exactly the contract keys; the sweep falls, blows up, and suggests 10× below its minimum', () => {
    const r = runCli(['lr-find', model, ...sweep, '--batch-size', '64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(lastLine(r.stdout)) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['points', 'suggested_rate', 'min_loss_rate', 'stopped_early', 'backend', 'batch_size']);
    expect(j['backend']).toBe('wasm');
    expect(j['batch_size']).toBe(64);
    expect(j['stopped_early']).toBe(true);
    const points = j['points'] as { learning_rate: number; loss: number | null; smoothed_loss: number | null }[];
    expect(Object.keys(points[0] as object)).toEqual(['learning_rate', 'loss', 'smoothed_loss']);
    expect(points[0]?.learning_rate).toBe(1e-4);
    expect(points.length).toBeLessThan(60);
    const smoothed = points.map((p) => p.smoothed_loss).filter((s): s is number => s !== null && Number.isFinite(s));
    expect(Math.min(...smoothed)).toBeLessThan(0.95 * (smoothed[0] as number));
    const min = j['min_loss_rate'] as number;
    expect(j['suggested_rate']).toBe(Number((min / 10).toPrecision(2)));
  }, 300_000);

  it('the Korean report: table, where it stopped, the suggestion and the rule', () => {
    const r = runCli(['lr-find', model, ...sweep, '--lang', 'ko']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('학습률 탐색: LeakyReLU 300-100 (he_normal), fashion-mnist (wasm), 배치 크기 32, 0.0001부터 10까지 최대 60스텝');
    // Columns line up in a terminal: Hangul letters are two columns wide.
    expect(r.stdout).toMatch(/\n {2}학습률 {13}손실 {3}평활 손실\n {2}1\.00e-4 {10}\d\.\d{4} {6}\d\.\d{4}\n/);
    expect(r.stdout).toMatch(/스텝 뒤 학습률 \d\.\d\de[+-]\d에서 멈췄습니다/);
    expect(r.stdout).toMatch(/추천 학습률: [\d.e-]+ \(평활 손실은 \d\.\d\de[+-]\d에서 가장 낮았습니다\)/);
    expect(r.stdout).toContain('약 10배 낮은 학습률');
  }, 300_000);

  it.each([
    [['lr-find', model, '--min-rate', '1', '--max-rate', '0.1'], '--min-rate: expected a rate below --max-rate (0.1), received 1'],
    [['lr-find', model, '--max-rate', '20'], '--max-rate: expected a number from 0.000001 to 10, received "20"'],
    [['lr-find', model, '--steps', '3'], '--steps: expected an integer from 10 to 2000, received "3"'],
    [['lr-find', model, '--epochs', '3'], '--epochs: not a flag of lr-find (try --help)'],
    [['lr-find', '/nonexistent.json', '--steps', 'x'], '--steps: expected an integer from 10 to 2000, received "x"'],
    [['evaluate', 'some-run', '--mc-dropout', '2000'], '--mc-dropout: expected an integer from 0 to 1000, received "2000"'],
    [['transfer', 'some-run', model, '--layers', '0'], '--layers: expected an integer from 1 to 10000, received "0"'],
    [['transfer', 'some-run', model, '--unfreeze-rate', '11'], '--unfreeze-rate: expected a number from 0.000001 to 10, received "11"'],
    [['transfer', 'some-run', model, '--steps', '10'], '--steps: not a flag of transfer (try --help)'],
  ])('%j → exit 2', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${message}`);
  });

  it('--help lists the new commands and flags', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['lr-find <model.json> [options]', '--min-rate X --max-rate X', 'transfer <run> <model-b.json>', '--no-freeze', '--mc-dropout N']) {
      expect(r.stdout).toContain(s);
    }
  });
});
