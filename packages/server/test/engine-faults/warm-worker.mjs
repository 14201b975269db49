// Preloaded with `node --import` before `blinkpost worker`: loads the CLI and the server package (most
// of a worker's start-up time) and then holds the process until a line arrives on stdin. Node then
// runs `packages/cli/bin/blinkpost.js worker …` exactly as it would have without the preload; the
// modules it imports are the ones already loaded (same files, same module cache).
// Worker threads inherit the preload (Node passes execArgv on): a mail thread must not wait for stdin.
import { once } from 'node:events';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  await import(new URL('../../../cli/dist/program.js', import.meta.url).href);
  await import(new URL('../../dist/index.js', import.meta.url).href);
  process.stdout.write('warm\n');
  await once(process.stdin, 'data');
  process.stdin.destroy();
}
