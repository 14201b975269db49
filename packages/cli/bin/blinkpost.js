#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript built to dist/ by `npm run build` (run by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('blinkpost is not built yet: run `npm run build` in the repository root, then try again.');
  process.exit(1);
}
await import(entry.href);
