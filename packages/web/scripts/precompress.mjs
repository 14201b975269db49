// Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the build, when smaller, so the
// server sends compressed bytes without compressing on every request (packages/server
// http/routes/dashboard.routes.ts picks one by the request's Accept-Encoding; its COMPRESSIBLE list
// names the same extensions as TEXT here: keep the two in step).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);
const dist = new URL('../dist/', import.meta.url).pathname;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.has(extname(entry.name))) yield path;
  }
}

let before = 0;
let after = 0;
for (const path of files(dist)) {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = gzipSync(raw, { level: 9 });
  before += raw.length;
  after += Math.min(raw.length, br.length);
  // A copy no smaller than the file is of no use; the server then sends the file itself.
  if (br.length < raw.length) writeFileSync(`${path}.br`, br);
  if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
}
console.log(`precompressed: ${(before / 1024).toFixed(0)} KB of text files, ${(after / 1024).toFixed(0)} KB as Brotli`);
