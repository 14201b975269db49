import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';

/** Debian's Chromium unless BLINKPOST_CHROMIUM names another binary. */
export const CHROMIUM = process.env['BLINKPOST_CHROMIUM'] ?? '/usr/bin/chromium';
const NOT_INSTALLED = `Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set BLINKPOST_CHROMIUM)`;
const inCi = process.env['CI'] === 'true';

/**
 * Headless, no sandbox (CI runs as root), and nothing that calls home: a run touches only the
 * server under test.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a profile of its own; `close` ends it and removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

let installed: Promise<boolean> | undefined;
function chromiumInstalled(): Promise<boolean> {
  installed ??= access(CHROMIUM, constants.X_OK).then(
    () => true,
    () => false,
  );
  return installed;
}

/** Launches Chromium on a fresh user-data dir; throws when it is missing (callers skip before that, locally). */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!(await chromiumInstalled())) throw new Error(NOT_INSTALLED);
  const profile = await mkdtemp(join(tmpdir(), 'blinkpost-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      timeout: 30_000,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
}

const missingHere = !inCi && !(await chromiumInstalled());
if (missingHere) console.warn(`skipping browser suites: ${NOT_INSTALLED}`);

/**
 * A suite that drives a real Chromium: one browser for the suite. Locally a missing Chromium skips
 * it with a printed reason; in CI (CI=true) it fails, because CI must run every suite.
 */
export function describeWithBrowser(name: string, suite: (browser: () => TestBrowser) => void): void {
  (missingHere ? describe.skip : describe)(name, () => {
    let browser: TestBrowser | undefined;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => browser?.close());
    suite(() => {
      if (!browser) throw new Error('browser: not launched (call the getter inside a test)');
      return browser;
    });
  });
}
