// The tray window at its own size and for everyone: every view of `portcullis serve --demo`
// (with real calls from a real MCP client, a held approval, the open detail panes, the policy
// builder and its save dialog) is checked for sideways overflow and a hidden identifying
// column at the window's minimum size, 880×560, and at 1280×800 and 1920×1200; axe-core
// checks WCAG 2.2 AA in light and dark. One browser, one page, reused across views.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { HAS_CHROMIUM, SCREENSHOT_DIR, SKIP_REASON, openSignedInPage } from './helpers/browser.js';
import { atEachSizeAndTheme, MIN, savePicture, seriousAxeViolations, WIDE } from './helpers/checks.js';
import { cli, startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';

const LARGEST = { width: 1920, height: 1200 };
/** Elements that may scroll sideways on purpose: code, JSON, editors, diffs. */
const MAY_SCROLL_X = 'pre, code, .cm-editor, .cm-editor *, [data-scroll-x], [data-scroll-x] *';

interface ViewState {
  name: string;
  /** Navigates to the state and waits for it; leaves the page in it. */
  open(page: Page): Promise<void>;
  /** Elements that identify each row (tool, server, client): must stay visible and wide enough to read. */
  identifying?: string;
}

/** Holds one more call for a person (set once the client is connected): held calls time out. */
let holdACall: () => void = () => undefined;

const go = async (page: Page, hash: string): Promise<void> => {
  await page.keyboard.press('Escape').catch(() => undefined);
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await page.locator('main h1').first().waitFor();
};

const VIEWS: ViewState[] = [
  {
    name: 'calls',
    identifying: '[role=row][data-call-id] .tool',
    open: async (page) => {
      await go(page, '#/calls');
      await page.locator('[role=row][data-call-id]').first().waitFor();
      if (await page.getByRole('complementary', { name: 'Call details' }).count()) await page.keyboard.press('Escape');
    },
  },
  {
    name: 'calls-detail',
    identifying: '[role=row][data-call-id] .tool',
    open: async (page) => {
      await go(page, '#/calls');
      const detail = page.getByRole('complementary', { name: 'Call details' });
      if (!(await detail.count())) await page.locator('[role=row][data-call-id]').first().click();
      await detail.waitFor();
    },
  },
  {
    name: 'approvals',
    open: async (page) => {
      await go(page, '#/approvals');
      const card = page.getByRole('article', { name: /Approval request for/ }).first();
      if (!(await card.isVisible())) holdACall();
      await card.waitFor();
    },
  },
  {
    name: 'catalog',
    identifying: 'tr[data-tool] .name-cell button',
    open: async (page) => {
      await go(page, '#/catalog/demo-odoo');
      await page.locator('tr[data-tool]').first().waitFor();
    },
  },
  {
    name: 'catalog-detail',
    identifying: 'tr[data-tool] .name-cell button',
    open: async (page) => {
      await go(page, '#/catalog/demo-odoo');
      const detail = page.getByRole('complementary', { name: 'Tool details' });
      if (!(await detail.count())) await page.locator('tr[data-tool="odoo_create"]').click();
      await detail.waitFor();
    },
  },
  {
    name: 'policy-builder',
    identifying: '[data-tool-rule] .name > .mono',
    open: async (page) => {
      await go(page, '#/policy/demo-odoo');
      await page.locator('[data-tool-rule]').first().waitFor();
    },
  },
  {
    name: 'policy-json',
    open: async (page) => {
      await go(page, '#/policy/demo-odoo');
      await page.getByRole('tab', { name: 'JSON' }).click();
      await page.locator('.cm-content').waitFor();
    },
  },
  {
    name: 'policy-save-diff',
    open: async (page) => {
      await go(page, '#/policy/demo-odoo');
      await page.getByRole('tab', { name: 'Builder' }).click();
      const rule = page.locator('[data-tool-rule="odoo_unlink"]');
      await rule.getByRole('radio', { name: 'Approve', exact: true }).click();
      await page.getByRole('button', { name: 'Review and save' }).click();
      await page.getByRole('dialog', { name: /Review changes to demo-odoo/ }).locator('.cm-mergeView').waitFor();
    },
  },
  {
    name: 'servers',
    identifying: '[data-server] h2',
    open: async (page) => {
      await go(page, '#/policy/demo-odoo');
      if (await page.getByRole('button', { name: 'Revert' }).isEnabled().catch(() => false)) await page.getByRole('button', { name: 'Revert' }).click();
      await go(page, '#/servers');
      await page.locator('[data-server=demo-odoo]').getByText('Ready').waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'server-edit',
    open: async (page) => {
      await go(page, '#/servers');
      await page.locator('[data-server=demo-odoo]').getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('dialog', { name: 'Edit demo-odoo' }).waitFor();
    },
  },
  {
    name: 'clients',
    identifying: 'tr[data-grant] td:first-child',
    open: async (page) => {
      await go(page, '#/clients');
      await page.locator('tr[data-grant]').first().waitFor();
    },
  },
  {
    name: 'client-token',
    open: async (page) => {
      await go(page, '#/clients');
      if (!(await page.getByTestId('new-token').count())) {
        await page.getByRole('button', { name: 'New client' }).click();
        await page.getByLabel('Name').fill(`Cursor ${Date.now()}`);
        await page.getByRole('button', { name: 'Create token' }).click();
      }
      await page.getByTestId('new-token').waitFor();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      if (await page.getByRole('button', { name: 'Done, I copied it' }).count()) await page.getByRole('button', { name: 'Done, I copied it' }).click();
      await go(page, '#/settings');
      await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    },
  },
  {
    name: 'shortcuts',
    open: async (page) => {
      await go(page, '#/settings');
      await page.locator('main h1').click();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    },
  },
];

/**
 * What overflows sideways at the current size: the page itself, a pane that should not scroll
 * sideways, a control drawn past the window's edge, an identifying cell too narrow to read.
 * A string run in the page (this project's tests compile without the DOM library).
 */
const FIND_OVERFLOW = `({ mayScrollX, identifying }) => {
  const problems = [];
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const label = el.getAttribute('aria-label') ?? el.getAttribute('data-tool') ?? el.getAttribute('data-tool-rule') ?? '';
    return el.tagName.toLowerCase() + cls + (label ? '[' + label + ']' : '');
  };
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) problems.push('the page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
  const viewport = window.innerWidth;
  for (const el of document.body.querySelectorAll('*')) {
    if (el instanceof SVGElement) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents' || style.display === 'none' || el.clientWidth === 0) continue;
    if (el.closest('dialog:not([open]), [hidden], .visually-hidden')) continue;
    if (el.matches(mayScrollX)) continue;
    // Clipping on purpose (ellipsis): the identifying check below covers what must stay readable.
    if (style.overflowX === 'hidden' || style.overflowX === 'clip') continue;
    if (el.scrollWidth > el.clientWidth + 1) problems.push(describe(el) + ' overflows sideways: ' + el.scrollWidth + ' > ' + el.clientWidth + ' (overflow-x: ' + style.overflowX + ')');
  }
  // Nothing a person uses is drawn past the window's right edge.
  for (const el of document.body.querySelectorAll('button, input, select, a, [role=row], th, h1, h2')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || el.closest('dialog:not([open]), .visually-hidden')) continue;
    if (rect.right > viewport + 1) problems.push(describe(el) + ' "' + (el.textContent ?? '').trim().slice(0, 30) + '" ends at ' + Math.round(rect.right) + ' past the window edge at ' + viewport);
  }
  if (identifying) {
    const cells = [...document.querySelectorAll(identifying)];
    if (cells.length === 0) problems.push('no identifying cells (' + identifying + ')');
    for (const cell of cells.slice(0, 20)) {
      const rect = cell.getBoundingClientRect();
      // Readable: about 8 characters wide or the whole name, and inside the window.
      const wideEnough = rect.width >= 64 || cell.scrollWidth <= cell.clientWidth;
      if (!wideEnough || rect.right > viewport || rect.left < 0) {
        problems.push('identifying cell ' + describe(cell) + ' "' + (cell.textContent ?? '').trim() + '" is ' + Math.round(rect.width) + ' px wide at x=' + Math.round(rect.left));
        break;
      }
    }
  }
  // Rows repeat the same fault: the first dozen say enough.
  return [...new Set(problems)].slice(0, 12);
}`;

function findOverflow(page: Page, identifying: string | undefined): Promise<string[]> {
  return page.evaluate(`(${FIND_OVERFLOW})(${JSON.stringify({ mayScrollX: MAY_SCROLL_X, identifying })})`) as Promise<string[]>;
}

describe.skipIf(!HAS_CHROMIUM)(`layout at 880×560 and WCAG 2.2 AA${HAS_CHROMIUM ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let agent: Client;
  let pageErrors: string[];
  const heldCalls: Promise<unknown>[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-layout-');
    host = await startHost(dataDir, ['--demo']);
    const token = (await cli(dataDir, ['grant', 'create', 'Claude Desktop with a rather long client name'])).trim();
    agent = await connectHttpClient(`${host.url}/mcp/demo-odoo`, { Authorization: `Bearer ${token}` }, 'claude-desktop');
    // Calls of every kind: allowed, denied by rule, a limit running out, one held for a person.
    await agent.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', limit: 5 } });
    await agent.callTool({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [7] } });
    for (let i = 0; i < 4; i++) await agent.callTool({ name: 'odoo_search_count', arguments: { model: 'res.partner' } });
    await agent.callTool({ name: 'ai_pipeline_run', arguments: { pipeline: 'tokenize', source_id: 3 } }).catch(() => undefined);
    holdACall = () => void heldCalls.push(agent.callTool({ name: 'odoo_create', arguments: { model: 'res.partner', values: { name: 'Ada Lovelace' } } }, undefined, { timeout: 300_000 }).catch(() => undefined));
    holdACall();
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl, MIN));
  }, 120_000);

  afterAll(() => tearDown({ clients: [agent], pending: heldCalls, browser, host, dirs: [dataDir] }));

  it('no view overflows sideways from 880×560 to 1920×1200, and the identifying column stays readable', async () => {
    const found: Record<string, string[]> = {};
    for (const size of [MIN, WIDE, LARGEST]) {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await view.open(page);
        await page.waitForTimeout(100);
        const problems = await findOverflow(page, view.identifying);
        if (problems.length) found[`${view.name} at ${size.width}×${size.height}`] = problems;
      }
    }
    await page.setViewportSize(MIN);
    expect(found).toEqual({});
  }, 240_000);

  it('axe-core finds no serious or critical WCAG 2.2 AA violation on any view, light or dark', async () => {
    await page.setViewportSize(MIN);
    const found: Record<string, string[]> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      for (const view of VIEWS) {
        await view.open(page);
        await page.waitForTimeout(150);
        const violations = await seriousAxeViolations(page);
        if (violations.length) found[`${view.name} (${colorScheme})`] = violations;
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual({});
  }, 180_000);

  it('a call row is reached with Tab and opens with Enter', async () => {
    await VIEWS[0]!.open(page);
    await page.locator('main h1').click();
    let onRow = false;
    for (let i = 0; i < 40 && !onRow; i++) {
      await page.keyboard.press('Tab');
      onRow = await page.evaluate(`document.activeElement?.matches('[role=row][data-call-id]') ?? false`);
    }
    expect(onRow).toBe(true);
    const focusOutline = await page.evaluate(`getComputedStyle(document.activeElement).outlineStyle`);
    expect(focusOutline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Call details' }).waitFor();
  });

  it('screenshots every view at 880×560 and 1280×800, light and dark', async () => {
    await atEachSizeAndTheme(
      page,
      async ({ key }) => {
        for (const view of VIEWS) {
          await view.open(page);
          await page.waitForTimeout(100);
          await savePicture(page, path.join(SCREENSHOT_DIR, `layout-${view.name}-${key}.png`));
        }
      },
      { settleMs: 0 },
    );
  }, 240_000);

  it('ran without page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
