// @vitest-environment node
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEV_MAILBOX_EMAIL } from '../../../server/src/app/dev-mailbox.js';
import { plainReply } from '../../../server/test/inbox/inbox-fixture.js';
import { describeEachDialect } from '../../../server/test/support/dialects.js';
import { describeWithBrowser } from './support/browser.js';
import { startDashboardServer, type DashboardServer } from './support/dashboard-server.js';
import { clearScreenshots, inspectPage } from './support/page-checks.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// A step waits on the page, not on timers; the margin is for a loaded CI machine.
const STEP = { timeout: 60_000 };
const CSV = 'email,first_name,company\nann@lead.test,Ann,Annco\nbob@lead.test,Bob,Bobco\n';

/** Waits until the locator holds `text` (the page renders after its requests answer). */
const see = (where: Locator, text: string | RegExp): Promise<void> =>
  where.getByText(text).first().waitFor({ state: 'visible' });

/**
 * What a new user does on a fresh `serve --dev-mailbox`, in a real Chromium: sign in, make an API
 * key, import leads, find the demo sender, write a template, build and start a sequence, and see the
 * mail in the dev mailbox, the sent feed and the analytics. Every page is screenshotted at 1280 and
 * 375 px wide and checked with axe (serious and critical violations fail the step, after the rest of
 * it has run).
 */
describeWithBrowser('the dashboard, end to end', (browser) => {
  describeEachDialect('a first session on a new server', (dialect) => {
    let app: DashboardServer | undefined;
    let page: Page;
    let shot = 0;
    const pageErrors: string[] = [];
    const serverErrors: string[] = [];
    const srv = () => {
      if (!app) throw new Error('server not started');
      return app;
    };
    /** Screenshots and axe for the page as it is now. */
    const inspect = async (name: string) => {
      shot += 1;
      const problems = await inspectPage(page, dialect, `${String(shot).padStart(2, '0')}-${name}`);
      expect.soft(problems, `accessibility of ${name}`).toEqual([]);
    };
    const go = async (nav: string, heading: string) => {
      await page.getByTestId(`nav-${nav}`).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    };

    beforeAll(async () => {
      app = await startDashboardServer(dialect);
      await clearScreenshots(dialect);
      await browser().context.clearCookies();
      page = await browser().context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('response', (r) => {
        if (r.status() >= 500) serverErrors.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
      });
    }, STEP.timeout);
    afterAll(async () => {
      try {
        await page?.close();
      } finally {
        await app?.close();
      }
    }, STEP.timeout);

    it('shows the sign-in page, and signs the first admin in', STEP, async () => {
      await page.goto(srv().url);
      await page.getByTestId('sign-in-form').waitFor();
      await inspect('sign-in');
      await page.getByTestId('sign-in-email').fill(srv().admin.email);
      await page.getByTestId('sign-in-password').fill(srv().admin.password);
      await page.getByTestId('sign-in-submit').click();
      await see(page.getByTestId('current-user'), 'admin');
      await page.getByRole('heading', { level: 1, name: 'Sequences' }).waitFor();
      await inspect('sequences-empty');
    });

    it('creates an API key that the API takes', STEP, async () => {
      await go('api-keys', 'API keys');
      await page.getByTestId('key-name').fill('e2e script');
      await page.getByTestId('key-create').click();
      const key = (await page.getByTestId('issued-key').locator('code').innerText()).trim();
      expect(key.length).toBeGreaterThan(20);
      await see(page.getByTestId('keys-table'), 'e2e script');
      await inspect('api-keys');
      const res = await fetch(`${srv().url}/api/public/v1.0.0/lists`, { headers: { authorization: key } });
      expect(res.status).toBe(200);
    });

    it('imports leads from a CSV into a new list', STEP, async () => {
      await go('lists', 'Lists');
      await inspect('lists-empty');
      await page.getByTestId('list-name').fill('E2E leads');
      await page.getByTestId('list-create').click();
      await page.getByRole('heading', { level: 1, name: /Import leads/ }).waitFor();
      await page.getByTestId('csv-text').fill(CSV);
      await page.getByTestId('csv-mapping').waitFor();
      await inspect('import-mapping');
      await page.getByTestId('csv-start').click();
      await see(page.getByTestId('csv-result'), /Added 2\b/);
      await inspect('import-done');
      await go('lists', 'Lists');
      // The Leads cell exactly: `see` matches a substring, and the Created date holds a 2 as well.
      await page
        .getByRole('row', { name: /E2E leads/ })
        .getByRole('cell', { name: '2', exact: true })
        .waitFor();
    });

    it('lists the demo "Dev mailbox" sender', STEP, async () => {
      await go('senders', 'Senders');
      const row = page.getByRole('row', { name: new RegExp(DEV_MAILBOX_EMAIL.replace(/\./g, '\\.')) });
      await see(row, 'active');
      await inspect('senders');
      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await see(page.locator('main'), DEV_MAILBOX_EMAIL);
      await inspect('sender');
    });

    it('writes a template', STEP, async () => {
      await go('templates', 'Templates');
      await page.getByTestId('template-name').fill('E2E intro');
      await page.getByTestId('template-create').click();
      await page.getByTestId('template-subject').waitFor();
      await page.getByTestId('template-subject').fill('Hello {{first_name}}');
      await page.getByTestId('template-body').fill('<p>Hi {{first_name}}, how is {{company}}?</p>');
      await page.getByTestId('template-save').click();
      await see(page.locator('main'), 'Saved.');
      await inspect('template');
    });

    it('builds a sequence from the sender, list and template, and starts it', STEP, async () => {
      await go('sequences', 'Sequences');
      await page.getByTestId('new-sequence').click();
      await page.getByRole('heading', { level: 1, name: 'New sequence' }).waitFor();
      await page.getByTestId('sequence-name').fill('E2E sequence');
      await page.getByRole('checkbox', { name: new RegExp(DEV_MAILBOX_EMAIL.replace(/\./g, '\\.')) }).check();
      await page.getByRole('checkbox', { name: /E2E leads/ }).check();
      await page.getByLabel('Step 1 source').selectOption('template');
      await page.getByLabel('Step 1 template').selectOption({ label: 'E2E intro' });
      // Any time of any day, so the run does not depend on when it happens.
      await page.getByLabel('Time zone').fill('UTC');
      for (const day of DAYS) {
        await page.getByRole('checkbox', { name: day, exact: true }).check();
        await page.getByLabel(`${day} from`).fill('00:00');
        await page.getByLabel(`${day} to`).fill('23:59');
      }
      // No gap between two sends of the sender, and HTML mail. Each box is ticked and unticked: a new
      // sequence's form shows both unticked while leaving them unsaid, and the server's defaults are a
      // 10-20 min gap and plain text.
      for (const box of [/Random gap/, /Plain text only/]) {
        const checkbox = page.getByRole('checkbox', { name: box });
        await checkbox.check();
        await checkbox.uncheck();
      }
      await inspect('sequence-new');
      await page.getByTestId('sequence-save').click();
      await page.waitForURL(/\/sequences\/[0-9a-f-]{36}$/);
      await page.getByTestId('sequence-start').click();
      await see(page.getByTestId('sequence-status'), 'running');
      await inspect('sequence-running');
    });

    it('sends through the dev mailbox: the mail is there, in the sent feed and in the analytics', STEP, async () => {
      // One pass of the engine, as `serve` runs every second.
      await srv().server.engine.tick();

      await go('dev-mailbox', 'Dev mailbox');
      const messages = page.getByTestId('dev-mailbox-messages');
      await see(messages, 'Hello Ann');
      await see(messages, 'Hello Bob');
      await messages.getByRole('button', { name: /Hello Ann/ }).click();
      const viewer = page.getByTestId('dev-mailbox-viewer');
      await see(viewer, `"Dev mailbox" <${DEV_MAILBOX_EMAIL}>`);
      await see(viewer, 'ann@lead.test');
      const html = page.frameLocator('[data-testid="dev-mailbox-html"]');
      await see(html.locator('body'), 'Hi Ann, how is Annco?');
      await inspect('dev-mailbox');

      await go('activity', 'Activity');
      const sent = page.getByTestId('activity-table');
      await see(sent, 'ann@lead.test');
      await see(sent, 'bob@lead.test');
      await inspect('activity-sent');

      await go('analytics', 'Analytics');
      const mailbox = page.getByTestId('mailbox-stats').getByRole('row', { name: new RegExp(DEV_MAILBOX_EMAIL) });
      await mailbox.waitFor();
      expect(await mailbox.getByRole('cell').nth(1).innerText()).toBe('2');
      await inspect('analytics');

      await go('sequences', 'Sequences');
      const row = page.getByTestId('sequences-table').getByRole('row', { name: /E2E sequence/ });
      await see(row, 'running');
      expect(await row.getByRole('cell').nth(2).innerText()).toBe('2');
      await inspect('sequences');

      // Ann replies. Her reply is handed to the inbox as the IMAP poller hands one over (the dev mailbox
      // has no IMAP); the inbox shows the conversation, and the answer written there goes out.
      const s = srv().server;
      // The Message-ID of the email Ann got, as the dev mailbox caught it (the browser's session reads it).
      const caught = (await (await page.request.get(`${srv().url}/api/dev-mailbox/messages`)).json()) as {
        data: { to: string; message_id: string }[];
      };
      const ours = caught.data.find((m) => m.to === 'ann@lead.test')!;
      const reply = plainReply(
        'ann@lead.test',
        ours.message_id,
        'Hello Ann',
        'Tell me more, please.',
        '<ann-1@lead.test>',
      );
      await s.services.inbox.process(s.devMailbox!.senderId!, Buffer.from(reply));
      await go('inbox', 'Inbox');
      const threads = page.getByTestId('inbox-threads');
      await see(threads, 'ann@lead.test');
      await inspect('inbox');
      await threads.getByRole('button', { name: /ann@lead\.test/ }).click();
      const thread = page.getByTestId('thread');
      await see(thread, 'Re: Hello Ann');
      await page.getByTestId('reply-text').fill('Gladly: here is more.');
      await page.getByTestId('reply-send').click();
      await thread.getByRole('status').waitFor();
      await inspect('inbox-thread');
      await go('dev-mailbox', 'Dev mailbox');
      await see(page.getByTestId('dev-mailbox-messages'), 'Re: Hello Ann');

      // A lead's page, with its activity timeline: the email sent to it.
      await go('lists', 'Lists');
      await page.getByRole('link', { name: /E2E leads/ }).click();
      await page.getByRole('link', { name: 'ann@lead.test' }).click();
      await page.getByRole('heading', { level: 1, name: 'ann@lead.test' }).waitFor();
      await inspect('lead');

      // The remaining pages, checked and pictured like the others.
      await go('blocklist', 'Blocklist');
      await inspect('blocklist');
      await go('webhooks', 'Webhooks');
      await inspect('webhooks');
    });

    it('met no uncaught error in the page and no server error on the way', STEP, () => {
      expect(pageErrors, 'uncaught errors in the dashboard').toEqual([]);
      expect(serverErrors, 'server errors the dashboard met').toEqual([]);
    });
  });
});
