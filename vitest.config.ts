import { defineConfig } from 'vitest/config'

// Kept apart from vite.config.ts so vitest does not inherit the web app's root.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: database suites are heavy, run files two at a time.
    maxWorkers: 2,
    reporters: ['default'],
  },
})
