import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, getWithKey, startServe, useTempDirs } from './support/cli.js';

beforeAll(() => ensureBuilt());

interface Status {
  enabled: boolean;
  sender_id: string | null;
  smtp_port: number | null;
}

describe('blinkpost serve --dev-mailbox', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it('says where it catches mail and which sender sends there, and keeps that sender across starts', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = await startServe(['--port', String(port), '--data-dir', dir, '--dev-mailbox']);
    let key = '';
    let senderId = '';
    try {
      await first.waitFor('Try: curl');
      const line = /^ {2}dev mailbox: .*smtp:\/\/127\.0\.0\.1:(\d+).*sender "Dev mailbox" \((\S+)\)/m.exec(
        first.stdout(),
      );
      expect(line, first.stdout()).not.toBeNull();
      senderId = line?.[2] ?? '';
      key = /^ {2}(bp_live_[A-Za-z0-9]{32,})$/m.exec(first.stdout())?.[1] ?? '';
      const status = await getWithKey(first.url, '/api/dev-mailbox', key);
      expect(status).toEqual({
        status: 200,
        body: { enabled: true, sender_id: senderId, smtp_host: '127.0.0.1', smtp_port: Number(line?.[1]) },
      });
    } finally {
      expect(await first.stop()).toBe(0);
    }

    // The environment variable turns it on too; the sender is the same one, at the new port.
    const second = await startServe(['--port', String(port), '--data-dir', dir], { BLINKPOST_DEV_MAILBOX: '1' });
    try {
      await second.waitFor('dev mailbox:');
      const status = (await getWithKey(second.url, '/api/dev-mailbox', key)).body as Status;
      expect(status.sender_id).toBe(senderId);
      const senders = (await getWithKey(second.url, '/api/public/v1.0.0/senders', key)).body as {
        data: { id: string; smtp_port: number }[];
      };
      expect(senders.data).toEqual([expect.objectContaining({ id: senderId, smtp_port: status.smtp_port })]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
