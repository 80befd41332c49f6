// Team mode's shared store in the window, end to end: a real redis-server, a real
// `portcullis serve --store redis://…`, real headless Chromium. Settings shows where the store
// is and that it is connected; when Redis goes away the window says so (a banner on every view,
// the state on Settings) without a reload, and again when it is back.
// Screenshots at 880×560 and 1280×800, light and dark: /work/shots/leftovers/ (or PORTCULLIS_SHOTS).
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { atEachSizeAndTheme, savePicture, seriousAxeViolations, scrollsSideways, WIDE } from './helpers/checks.js';
import { HAS_CHROMIUM, SKIP_REASON, openSignedInPage } from './helpers/browser.js';
import { startHost, type RunningHost } from './helpers/host.js';
import { ensureRendererBuilt } from './helpers/renderer-build.js';
import { tearDown } from './helpers/teardown.js';

const SHOTS = process.env.PORTCULLIS_SHOTS ?? '/work/shots/leftovers';

// The store's password: the window must show the URL with it masked, never the password.
const PASSWORD = 'e2e-s3cret-pw';
const storeUrl = () => redis!.url.replace('redis://', `redis://:${PASSWORD}@`);
const shownUrl = () => redis!.url.replace('redis://', 'redis://:***@');

/** Sets the password on the test's redis-server (it starts without one, and again after a restart). */
function requirePassword(port: number): Promise<void> {
  const args = ['CONFIG', 'SET', 'requirepass', PASSWORD];
  const command = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(command));
    socket.once('data', (reply) => {
      socket.end();
      if (reply.toString().startsWith('+OK')) resolve();
      else reject(new Error(`CONFIG SET requirepass: ${reply.toString()}`));
    });
    socket.once('error', reject);
  });
}

let dataDir: string | undefined;
let redis: TestRedis | undefined;
let host: RunningHost | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[];

/** Both sizes, light and dark: nothing scrolls sideways, axe finds nothing serious, a picture of each. */
async function checkAndShoot(name: string): Promise<void> {
  await atEachSizeAndTheme(
    page,
    async ({ key }) => {
      expect(await scrollsSideways(page), `${name} at ${key} scrolls sideways`).toBe(false);
      expect(await seriousAxeViolations(page), `${name} at ${key}`).toEqual([]);
      await savePicture(page, path.join(SHOTS, `${name}-${key}.png`));
    },
    { settleMs: 120, restore: WIDE },
  );
}

const skip = !HAS_CHROMIUM || !redisAvailable;
describe.skipIf(skip)(`the shared store in the window${skip ? ` (skipped: ${HAS_CHROMIUM ? 'no redis-server' : SKIP_REASON})` : ''}`, () => {
  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = makeTempDir('portcullis-e2e-store-');
    redis = await startRedis();
    await requirePassword(redis.port);
    host = await startHost(dataDir, ['--store', storeUrl()]);
    ({ browser, page, pageErrors } = await openSignedInPage(host.loginUrl));
  }, 90_000);
  afterAll(async () => {
    await tearDown({ browser, host, dirs: [dataDir] });
    await redis?.close();
  });

  it('Settings names the store and says it is connected; no banner', async () => {
    await page.goto(`${host!.url}/#/settings`);
    const card = page.getByTestId('shared-store');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain(`Redis at ${shownUrl()}`);
    await expect.poll(() => page.getByTestId('shared-store-state').textContent()).toMatch(/^connected since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await page.getByTestId('store-down').count()).toBe(0);
    expect(await page.content()).not.toContain(PASSWORD);
    await checkAndShoot('settings-store-connected');
  });

  it('Redis goes away: a banner on every view and the state on Settings, live; it clears when Redis is back', async () => {
    await redis!.stop();
    const banner = page.getByTestId('store-down');
    await banner.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('shared-store-state').textContent()).toMatch(/^unreachable since /);
    await expect.poll(() => banner.textContent()).toMatch(/refused until it is back/);
    expect(await page.content()).not.toContain(PASSWORD);
    await checkAndShoot('settings-store-unreachable');
    await page.goto(`${host!.url}/#/calls`);
    await banner.waitFor();
    await checkAndShoot('calls-store-unreachable');

    await redis!.start();
    await requirePassword(redis!.port);
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await page.goto(`${host!.url}/#/settings`);
    await expect.poll(() => page.getByTestId('shared-store-state').textContent(), { timeout: 15_000 }).toMatch(/^connected since /);
    expect(pageErrors).toEqual([]);
  });
});
