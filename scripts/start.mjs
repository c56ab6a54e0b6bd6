#!/usr/bin/env node
// `npm start`: build, make sure the bundled dataset cache exists, then start the
// desktop app. Electron's binary is fetched on first launch from the internet; where
// that is impossible (offline classroom machines, our CI), say so plainly and start
// the same app in lab mode in the browser instead.
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npx', ['electron-vite', 'build']);
run('npx', ['tsx', 'src-main/data/cli.ts', 'prepare']);

let electronPath = null;
try {
  // The `electron` package exports the binary's path, downloading it on first use.
  electronPath = createRequire(import.meta.url)('electron');
} catch (err) {
  console.error(`Electron is not available here (${err.message.split('\n')[0]}).`);
}
if (electronPath && process.env.GRADIENT_LAB_FORCE_LAB !== '1') {
  const child = spawn('npx', ['electron-vite', 'preview', '--skipBuild'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.error('Starting Gradient Lab in lab mode: open the URL below in a browser.');
  const child = spawn('npx', ['tsx', 'src-main/lab/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
