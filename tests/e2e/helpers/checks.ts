// The checks every e2e view gets: axe-core's serious and critical findings, sideways scrolling,
// and pictures at the window's sizes in light and dark (toasts hidden for the picture only).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE = path.resolve('node_modules/axe-core/axe.min.js');

/** The window's minimum, and a common desktop size. */
export const MIN = { width: 880, height: 560 };
export const WIDE = { width: 1280, height: 800 };
export const SIZES = [MIN, WIDE] as const;

export interface Size {
  width: number;
  height: number;
}
export type ColorScheme = 'light' | 'dark';

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core on the current page: the serious and critical violations, in words. WCAG 2.2 AA and
 * axe's best practices (but `region`: not every panel is a landmark); `wcagOnly` runs WCAG alone.
 */
export async function seriousAxeViolations(page: Page, options: { wcagOnly?: boolean } = {}): Promise<string[]> {
  // Evaluated rather than added as a <script> tag: the page's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(await readFile(AXE, 'utf8'));
  const run = options.wcagOnly
    ? { runOnly: { type: 'tag', values: WCAG_22_AA } }
    : { runOnly: { type: 'tag', values: [...WCAG_22_AA, 'best-practice'] }, rules: { region: { enabled: false } } };
  const violations = (await page.evaluate(`window.axe.run(document, ${JSON.stringify(run)}).then((r) => r.violations)`)) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`).join('; ')}`);
}

/** Whether the page scrolls sideways at its current size. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth')) as boolean;
}

/** Saves the page as it is to `file` (its folder made if need be), toasts hidden for the picture. */
export async function savePicture(page: Page, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Toasts left by earlier steps would cover the view: hidden through the CSSOM (the page's CSP
  // refuses the <style> element Playwright's own option would add).
  await page.evaluate(`document.querySelector('.toasts')?.style.setProperty('visibility', 'hidden')`);
  await page.screenshot({ path: file });
  await page.evaluate(`document.querySelector('.toasts')?.style.removeProperty('visibility')`);
}

/**
 * Visits the page at each size (after `prepare`, if given) in light then dark, settled, with
 * reduced motion; then puts light and `restore` (else the first size) back.
 */
export async function atEachSizeAndTheme(
  page: Page,
  visit: (at: { size: Size; colorScheme: ColorScheme; key: string }) => Promise<void>,
  options: { sizes?: readonly Size[]; prepare?: (size: Size) => Promise<void>; settleMs?: number; restore?: Size } = {},
): Promise<void> {
  const sizes = options.sizes ?? SIZES;
  for (const size of sizes) {
    await page.setViewportSize(size);
    await options.prepare?.(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      // Let transitions and the theme switch settle.
      await page.waitForTimeout(options.settleMs ?? 150);
      await visit({ size, colorScheme, key: `${size.width}x${size.height}-${colorScheme}` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(options.restore ?? (sizes[0] as Size));
}
