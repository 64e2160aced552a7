import { defineConfig } from 'vitest/config';

// The bench's own unit tests (pure helpers: statistics, flags, the table, profile summaries). The scenarios
// themselves are exercised by running `pnpm bench --quick`, which CI does.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
