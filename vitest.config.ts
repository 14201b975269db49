import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

const ISOLATED = [
  'packages/cli/test/**/*.test.ts',
  'packages/web/test/e2e/**/*.test.ts',
  'packages/server/test/walkthrough/**/*.test.ts',
  'packages/server/test/engine-faults/**/*.test.ts',
];

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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on this 2-core machine, leaving a core idle
    // while a file waits on a database, a child process or a timer.
    maxWorkers: 2,
    projects: [
      {
        // Most files share a worker's loaded modules instead of importing the sources anew each:
        // importing was most of the suite's time (3-4x faster). They must not rely on fresh module state.
        extends: true,
        test: {
          name: 'shared',
          // The web app's component tests (.tsx) pick happy-dom with a `@vitest-environment` comment.
          include: ['packages/*/test/**/*.test.ts', 'packages/web/test/**/*.test.tsx'],
          exclude: [...ISOLATED, '**/node_modules/**'],
          isolate: false,
        },
      },
      {
        // Files that start the built CLI, a browser or whole servers as child processes keep a fresh
        // process each: in a shared worker, state other files left in it broke the children they spawn.
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
    ],
  },
});
