import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a test never sees a stale build.
    alias: {
      '@blinkpost/contract': src('contract'),
      '@blinkpost/server': src('server'),
      '@blinkpost/sdk/browser': fileURLToPath(new URL('./packages/sdk/src/browser.ts', import.meta.url)),
      '@blinkpost/sdk': src('sdk'),
    },
  },
  test: {
    // The web app's component tests (.tsx) pick happy-dom with a `@vitest-environment` comment.
    include: ['packages/*/test/**/*.test.ts', 'packages/web/test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
