import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Where screenshots land (git-ignored): test-artifacts/screenshots at the repository's root. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../../../test-artifacts/screenshots/', import.meta.url));

/** The two widths every page is looked at: a laptop and a phone. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 375, height: 800 },
] as const;

/** One axe finding, as much as a failure message needs. */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let axeSource: Promise<string> | undefined;

/** The serious and critical axe violations of the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  // Evaluated through the DevTools protocol rather than added as a <script>: the dashboard's CSP
  // (script-src 'self') rightly refuses inline scripts, and it stays on for the app under test.
  if (!loaded) await page.evaluate(await (axeSource ??= readFile(AXE_SCRIPT, 'utf8')));
  const violations = await page.evaluate<Violation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Readable lines for a failure message: rule, impact, help and where. */
export const describeViolations = (vs: Violation[]): string =>
  vs
    .map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');

/** Removes the screenshots a previous run left under this prefix, so the folder shows one run. */
export async function clearScreenshots(prefix: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const old = (await readdir(SCREENSHOT_DIR)).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'));
  await Promise.all(old.map((f) => rm(`${SCREENSHOT_DIR}${f}`, { force: true })));
}

/**
 * Looks at the page at both widths: a full-page screenshot of each (`<prefix>-<name>-<width>.png`)
 * and axe at each; answers the serious and critical violations found, labelled by width.
 */
export async function inspectPage(page: Page, prefix: string, name: string): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const problems: string[] = [];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.screenshot({ path: `${SCREENSHOT_DIR}${prefix}-${name}-${vp.width}.png`, fullPage: true });
    const vs = await seriousViolations(page);
    if (vs.length > 0) problems.push(`${name} at ${vp.width}px:\n${describeViolations(vs)}`);
  }
  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  return problems;
}
