import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyAddress, type AddressKind } from '../../src/domain/ip-address.js';
import { nextWebhookAttempt, WEBHOOK_GIVE_UP_AFTER_MS } from '../../src/domain/webhook-retry.js';
import { formatWebhookSecret, webhookSignature } from '../../src/domain/webhook-signature.js';
import { addressProblem, parseWebhookUrl } from '../../src/domain/webhook-url.js';

describe('classifyAddress', () => {
  const table: [string, AddressKind | undefined][] = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['100::1', 'reserved'],
    ['::5.6.7.8', 'reserved'],
    // IPv4 inside IPv6: judged by the IPv4 host
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['0:0:0:0:0:ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:0808:0808::1', 'public'],
    // not addresses
    ['example.com', undefined],
    ['localhost', undefined],
    ['127.1', undefined],
    ['0x7f.0.0.1', undefined],
    ['01.2.3.4', undefined],
    ['256.1.1.1', undefined],
    ['1.2.3.4.5', undefined],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['12345::1', undefined],
    ['', undefined],
  ];
  it.each(table)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('parseWebhookUrl and addressProblem', () => {
  it.each([
    ['https://hooks.example.com/blinkpost', true],
    ['http://hooks.example.com:8080/x?y=1', true],
    ['  https://example.com/  ', true],
    ['ftp://example.com/x', false],
    ['javascript:alert(1)', false],
    ['example.com/hook', false],
    ['https://user:pass@example.com/x', false],
    ['', false],
  ])('%j is acceptable: %s', (raw, ok) => {
    expect(parseWebhookUrl(raw).ok).toBe(ok);
  });

  it('says what a refused address is, and through which host', () => {
    expect(addressProblem('10.0.0.1', '10.0.0.1')).toBe(
      'points to 10.0.0.1, a private address; webhooks go to public addresses only',
    );
    expect(addressProblem('intranet.example', '::1')).toBe(
      'points to ::1, a loopback address (intranet.example resolves to it); webhooks go to public addresses only',
    );
    expect(addressProblem('example.com', '93.184.215.14')).toBeUndefined();
  });
});

describe('nextWebhookAttempt', () => {
  const first = Date.parse('2026-03-02T10:00:00Z');
  const min = 60_000;
  it.each([
    [1, 0, 0.5 * min],
    [2, 0.5 * min, 2 * min],
    [3, 2.5 * min, 10 * min],
    [4, 12.5 * min, 30 * min],
    [5, 42.5 * min, 60 * min],
    [6, 102.5 * min, 120 * min],
    [7, 222.5 * min, 240 * min],
    [8, 462.5 * min, 360 * min],
    [20, 822.5 * min, 360 * min],
  ])('after attempt %i at +%d ms waits %d ms', (attempts, at, wait) => {
    expect(nextWebhookAttempt(first, attempts, first + at)).toBe(first + at + wait);
  });

  it('makes the last try on the 24-hour mark, then gives up', () => {
    const lateTry = first + WEBHOOK_GIVE_UP_AFTER_MS - 60 * min;
    expect(nextWebhookAttempt(first, 10, lateTry)).toBe(first + WEBHOOK_GIVE_UP_AFTER_MS);
    expect(nextWebhookAttempt(first, 11, first + WEBHOOK_GIVE_UP_AFTER_MS)).toBeUndefined();
  });
});

describe('webhook secrets and signatures', () => {
  it('makes whsec_ and 32 base-62 characters from random bytes', () => {
    const secret = formatWebhookSecret(new Uint8Array(32).map((_, i) => i * 7));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
  });

  it('signs t + "." + body with HMAC-SHA256 keyed by the whole secret', () => {
    const mac = createHmac('sha256', 'whsec_abc').update('1767225600.{"a":1}').digest('hex');
    expect(webhookSignature('whsec_abc', 1767225600, '{"a":1}')).toBe(`t=1767225600,v1=${mac}`);
  });
});
