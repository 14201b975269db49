// Under the test runner this module is its TypeScript source in src/; built, it is in dist/.
const HERE = import.meta.url;

/**
 * The compiled script of a worker thread, by its path in dist/ (e.g. `mail/mailer-thread.js`). A
 * thread runs compiled JavaScript, so under the test runner it comes from the build (`npm test`
 * builds first).
 */
export function workerScript(distPath: string): URL {
  return HERE.endsWith('.ts') ? new URL(`../dist/${distPath}`, HERE) : new URL(`./${distPath}`, HERE);
}
