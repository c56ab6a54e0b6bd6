/** Backend probes: concurrent probes of one preference share one real probe process; answers are cached. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearProbeCache, probeBackend } from '../../../src-main/services/probe.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';

afterEach(() => clearProbeCache());

function counting(): { launcher: TrainerLauncher; count: () => number } {
  const base = nodeTrainerLauncher();
  let n = 0;
  return {
    count: () => n,
    launcher: () => {
      n++;
      return base();
    },
  };
}

describe('probeBackend', () => {
  it('ten concurrent probes of the same backend start one process and get the same answer', async () => {
    const c = counting();
    const answers = await Promise.all(Array.from({ length: 10 }, () => probeBackend('cpu', c.launcher)));
    expect(c.count()).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.active).toBe('cpu');
    // Cached for the session: no new process.
    await probeBackend('cpu', c.launcher);
    expect(c.count()).toBe(1);
  }, 60_000);

  it('different preferences probe separately; a failed probe is not cached', async () => {
    const c = counting();
    const [cpu, wasm] = await Promise.all([probeBackend('cpu', c.launcher), probeBackend('wasm', c.launcher)]);
    expect(c.count()).toBe(2);
    expect(cpu.active).toBe('cpu');
    expect(wasm.active).toBe('wasm');
    let broken = 0;
    const failing: TrainerLauncher = () => {
      broken++;
      return nodeTrainerLauncher({ entry: '/nonexistent/trainer.js', execArgv: [] })();
    };
    await expect(probeBackend('tensorflow', failing)).rejects.toThrow(/ended early/);
    await expect(probeBackend('tensorflow', failing)).rejects.toThrow(/ended early/);
    expect(broken).toBe(2);
  }, 60_000);
});
