/**
 * What a run was trained on: backend, versions and machine, stored with the run so
 * that two runs can be compared honestly (a wasm epoch is not a CUDA epoch).
 */
import os from 'node:os';
import type { BackendInfoPayload } from '../../src-shared/training/events.js';
import { appVersion } from './app-version.js';

/** Collects the environment; backend fields are null until the training process reports them. */
export function collectEnvironment(backend: BackendInfoPayload | null, tfjsVersion: string | null) {
  const cpus = os.cpus();
  return {
    backend: backend?.active ?? null,
    backend_requested: backend?.requested ?? null,
    backend_attempts: backend?.attempts ?? [],
    tfjs_version: tfjsVersion,
    app_version: appVersion(),
    node_version: process.versions.node,
    electron_version: process.versions.electron ?? null,
    platform: process.platform,
    arch: process.arch,
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpu_count: cpus.length,
    memory_bytes: os.totalmem(),
    hostname: os.hostname(),
  };
}
