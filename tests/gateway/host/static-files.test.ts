import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

it('a malformed percent-escape in the path answers 400, not 500', async () => {
  const res = await fetch(`${app.app.gateway.url}/%E0%A4%A`);
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/not valid percent-encoding/);
});
