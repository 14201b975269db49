import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/app/secret-box.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/main.js';
import { deriveSecretKey, loadOrCreateKeyFile } from '../../src/secret-key.js';
import { createTestDb, describeEachDialect } from '../support/dialects.js';

describe('SecretBox: AES-256-GCM, versioned', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  it('opens what it sealed, in the v1:iv:tag:ciphertext format', () => {
    const sealed = box.seal('hunter2 ünïcode', 'senders.smtp_password');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed, 'senders.smtp_password')).toBe('hunter2 ünïcode');
  });

  it('uses a fresh IV every time', () => {
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('does not open with another key, another context, or after tampering', () => {
    const sealed = box.seal('secret', 'senders.smtp_password');
    expect(new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'senders.smtp_password')).toBeUndefined();
    expect(box.open(sealed, 'senders.imap_password')).toBeUndefined();
    const [v, iv, tag, body] = sealed.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(box.open([v, iv, tag, flipped.toString('base64')].join(':'), 'senders.smtp_password')).toBeUndefined();
    expect(box.open('v2:a:b:c', 'senders.smtp_password')).toBeUndefined();
    expect(box.open('not sealed', 'senders.smtp_password')).toBeUndefined();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('where the key comes from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blinkpost-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('BLINKPOST_SECRET: any text, the same key every time', () => {
    const a = loadConfig({ dataDir: dir }, { BLINKPOST_SECRET: 'correct horse battery staple' });
    const b = loadConfig({ dataDir: dir }, { BLINKPOST_SECRET: 'correct horse battery staple' });
    expect(a.secretKey).toHaveLength(32);
    expect(a.secretKey!.equals(b.secretKey!)).toBe(true);
    expect(a.secretKey!.equals(deriveSecretKey('another text'))).toBe(false);
    expect(loadConfig({ dataDir: dir }, {}).secretKey).toBeUndefined();
  });

  it('without it, a key file made on first run with mode 0600, read back on the next', () => {
    const path = join(dir, 'data', 'secret.key');
    const first = loadOrCreateKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadOrCreateKeyFile(path).equals(first)).toBe(true);
    // the file's content works as BLINKPOST_SECRET on another machine
    expect(deriveSecretKey(readFileSync(path, 'utf8')).equals(first)).toBe(true);
  });

  it('a key file others can read is tightened to 0600', () => {
    const path = join(dir, 'loose.key');
    writeFileSync(path, 'some text\n', { mode: 0o644 });
    loadOrCreateKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describeEachDialect('a server started with another key', (dialect) => {
  it('refuses to start rather than fail every sender later', async () => {
    const testDb = await createTestDb(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'blinkpost-key-'));
    const base = { ...loadConfig({ dataDir: dir }, {}), storage: testDb.storage, logLevel: 'silent' };
    try {
      const first = await createServer(
        { ...base, secretKey: deriveSecretKey('first') },
        { logger: false, bootstrap: false },
      );
      await first.close();
      const again = await createServer(
        { ...base, secretKey: deriveSecretKey('first') },
        { logger: false, bootstrap: false },
      );
      await again.close();
      await expect(
        createServer({ ...base, secretKey: deriveSecretKey('second') }, { logger: false, bootstrap: false }),
      ).rejects.toThrow(/secret key does not open the secrets/);
    } finally {
      await testDb.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
