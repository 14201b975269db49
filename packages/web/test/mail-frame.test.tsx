// @vitest-environment happy-dom
import type { DevMailboxMessage } from '@blinkpost/contract';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DevMailboxPage from '../src/pages/dev-mailbox/dev-mailbox.page.tsx';
import { MAIL_FRAME_POLICY, withMailPolicy } from '../src/ui/mail-frame.tsx';

const PIXEL = 'http://127.0.0.1:3000/t/o/tok123.gif';
const POLICY_META = `<meta http-equiv="Content-Security-Policy" content="${MAIL_FRAME_POLICY}">`;

// A message as the engine sends it: a doctype, the body, and the open-tracking pixel at the end.
const captured: DevMailboxMessage = {
  id: 'm1',
  received_at: '2026-11-26T10:00:00.000Z',
  from: 'sdr@acme.test',
  to: 'ann@lead.test',
  subject: 'Hello Ann',
  text: 'Hi Ann',
  html: `<!DOCTYPE html><html><body><p>Hi Ann</p><img src="${PIXEL}" width="1" height="1" alt=""></body></html>`,
  message_id: '<m1@acme.test>',
};

// Answers as `serve --dev-mailbox` would, and notes every address asked for.
const asked: string[] = [];
beforeEach(() => {
  asked.length = 0;
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(String(url));
    if (String(url).endsWith('/api/dev-mailbox'))
      return Response.json({ enabled: true, sender_id: 's1', smtp_host: '127.0.0.1', smtp_port: 2525 });
    if (String(url).includes('/api/dev-mailbox/messages'))
      return Response.json({ data: [captured], total: 1, limit: 100, skip: 0 });
    return new Response('{}', { status: 404 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function openCaptured(): Promise<HTMLIFrameElement> {
  render(<DevMailboxPage />);
  fireEvent.click(await screen.findByRole('button', { name: /Hello Ann/ }));
  return screen.findByTestId<HTMLIFrameElement>('dev-mailbox-html');
}

describe('the dev mailbox viewer', () => {
  it('shows a captured HTML message under a policy that loads nothing remote, so its pixel records no open', async () => {
    const frame = await openCaptured();
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc.startsWith(`<!DOCTYPE html>${POLICY_META}<html>`)).toBe(true);
    expect(srcdoc).toContain(PIXEL);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(asked.some((u) => u.includes('/t/o/'))).toBe(false);
  });

  it('loads remote images only when asked, saying that this records an open', async () => {
    const frame = await openCaptured();
    const toggle = screen.getByRole('checkbox', { name: /Load remote images.*records an open/ });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    fireEvent.click(toggle);
    expect(frame.getAttribute('srcdoc')).toContain(`img-src data: cid: http: https:;`);
    fireEvent.click(toggle);
    expect(frame.getAttribute('srcdoc')).toContain(POLICY_META);
  });
});

describe('withMailPolicy', () => {
  it.each([
    ['no doctype', '<p>Hi</p>', `${POLICY_META}<p>Hi</p>`],
    ['a doctype, kept first', '<!doctype html>\n<p>Hi</p>', `<!doctype html>${POLICY_META}\n<p>Hi</p>`],
    [
      'a legacy doctype',
      '  <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"><p>Hi</p>',
      `  <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">${POLICY_META}<p>Hi</p>`,
    ],
  ])('puts the policy before any content: %s', (_, html, expected) => {
    expect(withMailPolicy(html)).toBe(expected);
  });
});
