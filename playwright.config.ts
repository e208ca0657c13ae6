import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { choosePort } from './test/e2e/port.mjs';

// Browser tests drive the built editor served by the built runtime (test/e2e/serve.mjs).
// Build first: pnpm -r build. The perf benchmark is its own project, only there on demand:
//   SLUICE_PERF=1 pnpm exec playwright test --project=perf
// The server's port: E2E_PORT when set (refused with a clear message when taken), else a free one.
const port = choosePort();
export const SECRET_KEY = process.env.SLUICE_SECRET_KEY ?? 'sk_e2e_secret_key_for_tests_0001';
process.env.SLUICE_SECRET_KEY = SECRET_KEY;
process.env.SLUICE_E2E_RUNTIME = existsSync('runtime/dist/cli.js') ? '1' : '';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    // A failure leaves a trace in test-results/ (npx playwright show-trace …): where it waited.
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'e2e', testMatch: /.*\.spec\.ts/ },
    ...(process.env.SLUICE_PERF ? [{ name: 'perf', testMatch: /.*\.bench\.ts/, timeout: 180_000 }] : []),
  ],
  webServer: {
    command: `node test/e2e/serve.mjs`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { E2E_PORT: String(port), SLUICE_SECRET_KEY: SECRET_KEY },
  },
});
