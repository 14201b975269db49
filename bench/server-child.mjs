// The process under test, so its CPU and memory are its own: a Blinkpost server, or the bare
// Fastify baseline. Driven over IPC by bench/common.mjs (startChild).
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { createServer, loadConfig } from '@blinkpost/server';

const require = createRequire(import.meta.url);

// Limits no benchmark can reach, so the limiter counts but never answers 429.
const UNLIMITED = { read: 1e9, write: 1e9, delete: 1e9 };

async function startBlinkpost(storage, secretKeyHex) {
  const config = {
    ...loadConfig({ host: '127.0.0.1', port: 0, dataDir: tmpdir() }, {}),
    storage,
    rateLimits: UNLIMITED,
    ...(secretKeyHex ? { secretKey: Buffer.from(secretKeyHex, 'hex') } : {}),
  };
  const server = await createServer(config, { logger: false, bootstrap: false });
  const url = await server.listen();
  // Writes every open and click answered so far (the tracking benchmark waits for it after each round).
  return { url, close: () => server.close(), flush: () => server.services.tracking.flush() };
}

// The floors: a page of records from memory through Fastify's default serialiser; the same GIF; the same redirect.
async function startBare(spec) {
  const Fastify = require(spec.fastifyPath);
  const app = Fastify({ logger: false });
  if (spec.body !== undefined) app.get('/api/public/sent', async () => spec.body);
  if (spec.gifBase64 !== undefined) {
    const gif = Buffer.from(spec.gifBase64, 'base64');
    app.get('/t/o/:token', (_req, reply) => {
      void reply.header('content-type', 'image/gif').header('cache-control', 'no-store').send(gif);
    });
  }
  if (spec.location !== undefined) {
    app.get('/t/c/:token', (_req, reply) => {
      void reply.code(302).header('location', spec.location).header('cache-control', 'no-store').send();
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

let running;
// An orphan (its parent died) has nobody to answer: it goes too.
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m.type === 'start') {
    const { spec } = m;
    const started = spec.mode === 'bare' ? startBare(spec) : startBlinkpost(spec.storage, spec.secretKeyHex);
    started.then(
      (s) => {
        running = s;
        process.send({ type: 'ready', url: s.url });
      },
      (err) => {
        process.send({ type: 'error', error: String(err?.stack ?? err) });
        process.exit(1);
      },
    );
  } else if (m.type === 'flush') {
    const done = running?.flush ? running.flush() : Promise.resolve();
    done.then(
      () => process.send({ type: 'flushed' }),
      (err) => process.send({ type: 'flushed', error: String(err?.stack ?? err) }),
    );
  } else if (m.type === 'memory') {
    process.send({ type: 'memory', usage: process.memoryUsage() });
  } else if (m.type === 'stop') {
    const done = running ? running.close() : Promise.resolve();
    done.finally(() => process.exit(0));
  }
});
