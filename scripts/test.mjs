#!/usr/bin/env node
// `npm test`: type checks, the production build, then every Vitest suite (main and
// shared, renderer components, end-to-end in Chromium against the lab server).
// Ends with one plain "N passed, N failed" line summing all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const artifacts = 'test-artifacts';
mkdirSync(artifacts, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

/** Steps in order; `vitest` steps write a JSON report that is summed at the end. */
const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.shared.json'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.main.json'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.test.json'] },
  { name: 'typecheck', cmd: ['npx', 'svelte-check', '--tsconfig', 'tsconfig.renderer.json'] },
  { name: 'build', cmd: ['npx', 'electron-vite', 'build'] },
  // The packaging check runs in its own step (it needs the build and the dataset cache).
  { name: 'unit', vitest: 'vitest.config.ts', args: ['--exclude', 'test/main/app/package-layout.test.ts'] },
  { name: 'package', vitest: 'vitest.config.ts', args: ['test/main/app/package-layout.test.ts'], env: { GRADIENT_LAB_CHECK_PACKAGE: '1' } },
  { name: 'renderer', vitest: 'test/renderer/vitest.config.ts' },
  { name: 'e2e', vitest: 'test/e2e/vitest.config.ts' },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  let cmd = step.cmd;
  let report = null;
  if (step.vitest) {
    if (!existsSync(step.vitest)) {
      failures.push(`${step.name}: ${step.vitest} is missing`);
      continue;
    }
    report = `${artifacts}/vitest-${step.name}.json`;
    rmSync(report, { force: true });
    cmd = ['npx', 'vitest', 'run', '--config', step.vitest, ...(step.args ?? []), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  }
  console.log(`\n== ${step.name}: ${cmd.join(' ')}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...(step.env ?? {}) } });
  if (report && existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  }
  if (r.status !== 0) failures.push(`${step.name}: ${cmd.join(' ')} exited with ${r.status ?? r.signal}`);
}
console.log('');
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length || failed ? 1 : 0);
