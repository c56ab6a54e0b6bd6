/** `init-stats <model.json>`: per-dense-layer fan-in/out and expected vs measured kernel std. */
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { initStats, selectBackend } from '../engine/index.js';
import type { BackendPreference } from '../../src-shared/training/run-options.js';
import { en, type CliMessages } from './messages.js';

/**
 * Prints per-dense-layer initialization statistics of a freshly built model; returns
 * the exit code. `seed` and `pref` come resolved (flag, else $GRADIENT_LAB_BACKEND /
 * the model document, see resolveRunOptions). The table's column names are identifiers
 * and stay English; the backend line is in the chosen language.
 */
export async function initStatsCommand(
  model: ModelSpec,
  json: boolean,
  seed: number,
  pref: BackendPreference,
  msg: CliMessages = en,
): Promise<number> {
  const backend = await selectBackend(pref);
  const rows = initStats(model, seed);
  if (json) {
    process.stdout.write(
      JSON.stringify(
        rows.map((r) => ({
          layer: r.name,
          spec_index: r.spec_index,
          fan_in: r.fan_in,
          fan_out: r.fan_out,
          initializer: r.initializer,
          expected_std: r.expected_std,
          measured_std: r.measured_std,
        })),
      ) + '\n',
    );
    return 0;
  }
  process.stderr.write(`${msg.backend(backend.active)}\n`);
  const header = ['layer', 'fan_in', 'fan_out', 'initializer', 'expected_std', 'measured_std', 'ratio'];
  const lines = rows.map((r) => [
    r.name,
    String(r.fan_in),
    String(r.fan_out),
    r.initializer,
    r.expected_std.toFixed(5),
    r.measured_std.toFixed(5),
    (r.measured_std / r.expected_std).toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  for (const l of [header, ...lines]) process.stdout.write(l.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ') + '\n');
  return 0;
}
