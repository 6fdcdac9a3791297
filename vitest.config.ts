import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Warehouse start-up (PGlite's WebAssembly, a server database) takes a few seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers only make the database-heavy suites slower.
    maxWorkers: 2,
  },
});
