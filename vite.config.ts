import { defineConfig } from 'vitest/config';

// One Vitest project per package, plus the cross-part suites under test/.
// Browser (Playwright) tests are not run by Vitest: see playwright.config.ts.
export default defineConfig({
  test: {
    // A green run looks green: what a passing test prints (the generator's tables, the
    // bundle budget) is shown only when that test fails.
    silent: 'passed-only',
    projects: [
      { test: { name: 'schemas', root: './schemas', include: ['src/**/*.test.ts'] } },
      { test: { name: 'sdk', root: './sdk', include: ['src/**/*.test.ts'] } },
      { test: { name: 'runtime', root: './runtime', include: ['src/**/*.test.ts'], testTimeout: 30_000 } },
      './editor/vite.config.ts',
      { test: { name: 'cross', root: './test', include: ['**/*.test.ts'], exclude: ['e2e/**', 'bench/**', 'node_modules/**'], testTimeout: 120_000 } },
    ],
  },
});
