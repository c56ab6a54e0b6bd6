/**
 * electron-vite build of the three layers. The tree uses top-level src-main,
 * src-renderer and src-shared, so every entry is explicit (electron-vite's
 * defaults expect src/main, src/preload, src/renderer).
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __GRADIENT_LAB_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/app/index.ts'),
          // The training process: a separate entry, started with utilityProcess.fork.
          trainer: resolve(__dirname, 'src-main/trainer/utility-entry.ts'),
          // A data-parallel replica: a worker thread of the training process (engine/parallel/).
          'parallel-worker': resolve(__dirname, 'src-main/engine/parallel/replica-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        // Sandboxed preloads cannot `require` ESM chunks: emit one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [svelte({ configFile: resolve(__dirname, 'svelte.config.js') })],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
