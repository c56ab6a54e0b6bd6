#!/usr/bin/env node
// `npm test`: type checks, the production build, then every Vitest suite (main and
// shared, renderer components, end-to-end in Chromium against the lab server).
// Ends with one plain "N passed, N failed, N skipped" line summing all suites.
// `npm test -- unit e2e` runs only the named steps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const only = process.argv.slice(2);

/**
 * A tool's entry script, run with this very Node: `npx` is `npx.cmd` on Windows, which
 * spawn cannot start without a shell, and a shell would re-parse the arguments.
 */
function tool(pkg, bin = pkg) {
  const manifest = join(root, 'node_modules', pkg, 'package.json');
  if (!existsSync(manifest)) return { missing: `${pkg} is not installed (run npm ci)` };
  const bins = JSON.parse(readFileSync(manifest, 'utf8')).bin;
  const rel = typeof bins === 'string' ? bins : bins?.[bin];
  if (!rel) return { missing: `${pkg} has no "${bin}" command` };
  return { label: bin, argv: [process.execPath, join(root, 'node_modules', pkg, rel)] };
}

const tsc = tool('typescript', 'tsc');
const vitest = tool('vitest');

/**
 * Steps in order; `vitest` steps write a JSON report that is summed at the end. A failed
 * `gate` step stops the run once the other steps of its name have run: a build or test
 * after a failed type check or build would run on stale or broken output.
 */
const steps = [
  { name: 'typecheck', gate: true, tool: tsc, args: ['-p', 'tsconfig.shared.json'] },
  { name: 'typecheck', gate: true, tool: tsc, args: ['-p', 'tsconfig.main.json'] },
  { name: 'typecheck', gate: true, tool: tsc, args: ['-p', 'tsconfig.test.json'] },
  { name: 'typecheck', gate: true, tool: tool('svelte-check'), args: ['--tsconfig', 'tsconfig.renderer.json'] },
  { name: 'build', gate: true, tool: tool('electron-vite'), args: ['build'] },
  // The packaging check runs in its own step (it needs the build and the dataset cache).
  { name: 'unit', vitest: 'vitest.config.ts', args: ['--exclude', 'test/main/app/package-layout.test.ts'] },
  { name: 'package', vitest: 'vitest.config.ts', args: ['test/main/app/package-layout.test.ts'], env: { GRADIENT_LAB_CHECK_PACKAGE: '1' } },
  { name: 'renderer', vitest: 'test/renderer/vitest.config.ts' },
  { name: 'e2e', vitest: 'test/e2e/vitest.config.ts' },
];

const unknown = only.filter((name) => !steps.some((s) => s.name === name));
if (unknown.length) {
  console.error(`unknown step ${unknown.join(', ')}; steps are ${[...new Set(steps.map((s) => s.name))].join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const selected = steps.filter((s) => !only.length || only.includes(s.name));
let stoppedAfter = null;

for (const [i, step] of selected.entries()) {
  let t = step.tool;
  let args = step.args ?? [];
  let report = null;
  if (step.vitest) {
    if (!existsSync(join(root, step.vitest))) {
      failures.push(`${step.name}: ${step.vitest} is missing`);
      continue;
    }
    report = join(artifacts, `vitest-${step.name}.json`);
    rmSync(report, { force: true });
    t = vitest;
    args = ['run', '--config', step.vitest, ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  }
  const shown = `${t.label ?? '?'} ${args.join(' ')}`;
  let ok;
  if (t.missing) {
    console.log(`\n== ${step.name}: ${t.missing}`);
    failures.push(`${step.name}: ${t.missing}`);
    ok = false;
  } else {
    console.log(`\n== ${step.name}: ${shown}`);
    const r = spawnSync(t.argv[0], [...t.argv.slice(1), ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...(step.env ?? {}) },
    });
    if (report && existsSync(report)) {
      const j = JSON.parse(readFileSync(report, 'utf8'));
      passed += j.numPassedTests;
      failed += j.numFailedTests;
      skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    }
    ok = r.status === 0;
    if (!ok) failures.push(`${step.name}: ${shown} ${r.error ? `could not start (${r.error.message})` : `exited with ${r.status ?? r.signal}`}`);
  }
  if (!ok && step.gate) stoppedAfter ??= step.name;
  const next = selected[i + 1];
  if (stoppedAfter !== null && next?.name !== stoppedAfter) {
    const rest = [...new Set(selected.slice(i + 1).map((s) => s.name))];
    if (rest.length) console.log(`\nnot run: ${rest.join(', ')} (the ${stoppedAfter} step failed; what follows would run on stale or broken output)`);
    break;
  }
}

console.log('');
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length || failed ? 1 : 0);
