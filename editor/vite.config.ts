import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true },
  test: { name: 'editor', root: __dirname, include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
