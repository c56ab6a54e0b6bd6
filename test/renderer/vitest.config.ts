/**
 * Vitest project for the renderer: jsdom, the Svelte plugin (runes in .svelte and
 * .svelte.ts), and the `browser` export condition so `svelte` resolves to its
 * client build (`mount` is not available in the server build).
 * Run: npx vitest run --config test/renderer/vitest.config.ts
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export default defineConfig({
  root,
  plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['test/renderer/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['@testing-library/svelte/vitest', 'test/renderer/setup.ts'],
    restoreMocks: true,
  },
});
