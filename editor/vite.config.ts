import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress.js';

const sdkSource = fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url));

export default defineConfig({
  // precompress: brotli and gzip copies of the build for the runtime to send (issue 16).
  plugins: [react(), precompress()],
  // The engine from source: the editor always runs the engine of this checkout, built or not.
  resolve: existsSync(sdkSource) ? { alias: { '@sluice/sdk': sdkSource } } : {},
  server: { proxy: { '/v1': 'http://localhost:8787' }, fs: { allow: ['..'] } },
  // Source maps publish the whole source to anyone who loads the page: only when asked for.
  build: { outDir: 'dist', sourcemap: process.env.SLUICE_SOURCEMAP === '1', chunkSizeWarningLimit: 5000 },
  worker: { format: 'es' },
  test: { name: 'editor', root: fileURLToPath(new URL('.', import.meta.url)), include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'] },
});
