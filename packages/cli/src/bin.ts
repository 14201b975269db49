import { buildProgram } from './program.js';

await buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    console.error(`blinkpost: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
