/**
 * PENDING (issue 9, being built): times a training step and an inference pass per candidate activation.
 */
import type { BackendInfo, MeasuredSpeed, TrainerCommand } from './protocol.js';

/** Measures every candidate on the requested backend. */
export async function measureSpeeds(
  command: Extract<TrainerCommand, { type: 'speeds' }>,
): Promise<{ backend: BackendInfo; speeds: MeasuredSpeed[]; startup_ms: number }> {
  throw new Error(`speeds: not built yet (${command.candidates.length} candidates)`);
}
