import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIR, loadConfig } from '../../src/config.js';
import { useTestServer } from '../support/test-server.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const APP_JS = `console.log(${JSON.stringify('dashboard '.repeat(200))});`;

/** A build in `<tmp>/web`, beside a secret file one level up that no URL may reach. */
function fakeBuild(): string {
  const outside = mkdtempSync(join(tmpdir(), 'blinkpost-web-'));
  writeFileSync(join(outside, 'secret.txt'), 'SECRET=outside');
  const dir = join(outside, 'web');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-3f9a1c.js'), APP_JS);
  // As the build's precompress step leaves them (the CSS has none: it is served as it is).
  writeFileSync(join(dir, 'assets', 'app-3f9a1c.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(join(dir, 'assets', 'app-3f9a1c.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(dir, 'assets', 'app-77d0e2.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  return dir;
}

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

function expectHtmlHeaders(headers: Record<string, unknown>): void {
  expect(headers['content-type']).toBe('text/html; charset=utf-8');
  expect(String(headers['content-security-policy'])).toContain("script-src 'self'");
  expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  expect(String(headers['content-security-policy'])).not.toContain('unsafe-eval');
  expect(headers['x-frame-options']).toBe('DENY');
}

// Static serving reads no database: one dialect is enough.
describe('the dashboard, served from a build', () => {
  const webDir = fakeBuild();
  afterAll(() => rmSync(join(webDir, '..'), { recursive: true, force: true }));
  const t = useTestServer('sqlite', { webDir });
  const get = (url: string, headers: Record<string, string> = {}) => t().app.inject({ method: 'GET', url, headers });

  it('serves index.html at / with no-cache, a CSP and no framing', async () => {
    const res = await get('/', html);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    expectHtmlHeaders(res.headers);
  });

  it('answers a revalidation of an unchanged index.html with 304, and a rebuilt one in full', async () => {
    const first = await get('/', html);
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get('/', { ...html, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const rebuilt = INDEX.replace('app-3f9a1c', 'app-rebuilt-1');
    writeFileSync(join(webDir, 'index.html'), rebuilt);
    try {
      const fresh = await get('/', { ...html, 'if-none-match': etag });
      expect(fresh.statusCode).toBe(200);
      expect(fresh.body).toBe(rebuilt);
    } finally {
      writeFileSync(join(webDir, 'index.html'), INDEX);
    }
  });

  it('serves hashed assets for a year, immutable, with their types', async () => {
    const js = await get('/assets/app-3f9a1c.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await get('/assets/app-77d0e2.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('sends the build’s Brotli or gzip copy as the browser accepts, and the file itself otherwise', async () => {
    const url = '/assets/app-3f9a1c.js';
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(APP_JS);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(APP_JS.length / 10);
    expect(br.headers['vary']).toBe('accept-encoding');
    expect(br.headers['content-type']).toBe('application/javascript; charset=utf-8');

    const gz = await get(url, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(APP_JS);

    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(APP_JS);
    expect(plain.headers['vary']).toBe('accept-encoding');
    const css = await get('/assets/app-77d0e2.css', { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body).toBe('body{margin:0}');

    // Each encoding has its own ETag: a revalidation matches only the bytes it has.
    const etag = String(br.headers['etag']);
    expect(etag).not.toBe(plain.headers['etag']);
    expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('does not send a compressed copy older than its file (a file replaced after the build)', async () => {
    const path = join(webDir, 'assets', 'app-3f9a1c.js.br');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(path, old, old);
    try {
      const res = await get('/assets/app-3f9a1c.js', { 'accept-encoding': 'br' });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toBe(APP_JS);
    } finally {
      const now = new Date();
      utimesSync(path, now, now);
    }
  });

  it('answers a missing asset with a JSON 404, not the page', async () => {
    const res = await get('/assets/gone-000000.js', html);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('serves other files of the build, revalidated', async () => {
    const res = await get('/favicon.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers index.html for SPA routes a browser asks for', async () => {
    for (const path of ['/sequences', '/sequences/01abc/steps', '/settings?tab=keys']) {
      const res = await get(path, html);
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toBe(INDEX);
      expectHtmlHeaders(res.headers);
    }
  });

  it('keeps API, tracking and health paths out of the fallback', async () => {
    for (const path of ['/api/nothing', '/api/public/v1.0.0/nothing', '/t/x', '/healthz/x', '/readyz/x']) {
      const res = await get(path, html);
      expect(res.body, path).not.toBe(INDEX);
    }
    expect((await get('/api/nothing', html)).statusCode).toBe(404);
    expect((await get('/healthz', html)).json()).toEqual({ success: true, data: { status: 'ok' } });
  });

  it('answers a JSON 404 to a client that does not ask for HTML', async () => {
    const res = await get('/sequences', { accept: 'application/json' });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
    expect((await t().app.inject({ method: 'POST', url: '/sequences', headers: html })).statusCode).toBe(404);
  });

  it('serves nothing outside the build folder, and no dotfiles', async () => {
    // Each path names a file that exists: the secret beside the build, /etc/passwd, the build's .env.
    const deep = '/%2e%2e'.repeat(12);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      `${deep}/etc/passwd`,
      '/.env',
    ]) {
      const res = await get(path, { accept: 'application/json' });
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('SECRET');
      expect(res.body).not.toContain('root:');
    }
  });
});

describe('the dashboard without a build', () => {
  const empty = mkdtempSync(join(tmpdir(), 'blinkpost-noweb-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));
  const t = useTestServer('sqlite', { webDir: join(empty, 'dist') });

  it('answers / and SPA routes with a page saying how to build it', async () => {
    for (const path of ['/', '/sequences']) {
      const res = await t().app.inject({ method: 'GET', url: path, headers: html });
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toContain('npm run build');
      expect(res.body).not.toContain('<script');
      expectHtmlHeaders(res.headers);
    }
  });

  it('still serves the API', async () => {
    const res = await t().call(t().admin, 'GET', '/api/public/v1.0.0/lists');
    expect(res.statusCode).toBe(200);
  });
});

describe('where the dashboard is read from', () => {
  it('defaults to packages/web/dist; BLINKPOST_WEB_DIR overrides', () => {
    expect(DEFAULT_WEB_DIR.replace(/\\/g, '/')).toMatch(/\/packages\/web\/dist\/?$/);
    expect(loadConfig({}, {}).webDir).toBeUndefined();
    expect(loadConfig({}, { BLINKPOST_WEB_DIR: '/srv/blinkpost-web' }).webDir).toBe('/srv/blinkpost-web');
  });
});
