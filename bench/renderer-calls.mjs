// `npm run bench:renderer`: how the Calls view holds up, in headless Chromium. Time to show
// 100,000 calls; the frame rate while 500 calls a second stream in on top of them (a start,
// then a finish); the frame rate while scrolling; the time a filter takes. The events go
// through the renderer's real client path: tests/e2e/fixtures/fake-client.js installs an
// in-page `window.portcullis` (the preload's shape) and `window.__perf`, which measures with
// requestAnimationFrame. Needs renderer/dist (npm run build:renderer) and Chromium
// (/usr/bin/chromium or PORTCULLIS_CHROMIUM). Writes bench/results/renderer-latest.json
// (renderer-quick.json with --quick). Never fails on a figure: the e2e test
// (tests/e2e/calls-volume.e2e.test.ts) checks the behaviour, this measures the speed.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({ options: { quick: { type: 'boolean' } } });
const quick = Boolean(opts.quick);
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'renderer', 'dist');
const CHROMIUM = process.env.PORTCULLIS_CHROMIUM ?? '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

if (!existsSync(path.join(DIST, 'index.html'))) throw new Error('no renderer/dist: run npm run build:renderer first');
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set PORTCULLIS_CHROMIUM)`);

/** renderer/dist on 127.0.0.1, a free port. */
async function serveDist() {
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.resolve(DIST, pathname === '/' ? 'index.html' : `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(DIST + path.sep)) return void res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const site = await serveDist();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const figures = { date: new Date().toISOString(), cpus: os.cpus().length, loadAverageAtStart: os.loadavg()[0] };
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
  await page.addInitScript({ path: path.join(ROOT, 'tests', 'e2e', 'fixtures', 'fake-client.js') });
  await page.goto(site.url);
  await page.locator('#calls-h').waitFor();

  const calls = quick ? 20_000 : 100_000;
  figures.render = { calls, ...(await page.evaluate(`window.__perf.measureRender(${calls})`)) };
  figures.stream500PerSecond = await page.evaluate(`window.__perf.measureStream(500, ${quick ? 2 : 5})`);
  figures.scroll = await page.evaluate(`window.__perf.measureScroll(${quick ? 1 : 3})`);
  const started = performance.now();
  await page.getByLabel('Decision').selectOption('denied');
  await page.waitForFunction(`(Number(document.querySelector('[role=grid][aria-label=Calls]').getAttribute('aria-rowcount')) - 1) < ${calls / 5}`);
  figures.filterDeniedMs = Math.round(performance.now() - started);
} finally {
  await browser.close();
  await site.close();
}
const out = path.join(ROOT, 'bench', 'results', quick ? 'renderer-quick.json' : 'renderer-latest.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(figures, null, 2) + '\n');
console.log(JSON.stringify(figures, null, 2));
console.log(`written to ${path.relative(ROOT, out)}`);
