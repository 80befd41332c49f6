// The Api's policy-tests file operations through the real core: a case saved from a dry run
// lands in policies/<server>.tests.json and runs; a bad case is refused with its JSON path.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { everythingStdio } from '../../helpers/gateway.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: { version: '1', default: 'allow', tools: { 'get-env': { action: 'deny' } } } } });
});
afterAll(async () => {
  await app?.stop();
});

test('a dry run saved as a case: written beside the policy, listed, and run', async () => {
  expect(await app.api.getPolicyTests({ serverId: 'everything' })).toMatchObject({ file: 'policies/everything.tests.json', exists: false });
  await expect(app.api.runPolicyTests({ serverId: 'everything' })).rejects.toMatchObject({ code: 'not-found' });
  const dry = await app.api.testPolicy({ serverId: 'everything', tool: 'get-env', args: {} });
  const saved = await app.api.savePolicyTestCase({ serverId: 'everything', case: { tool: 'get-env', arguments: {}, expect: 'deny', rule: dry.record.rule } });
  expect(saved).toEqual({ file: 'policies/everything.tests.json', count: 1 });
  await app.api.savePolicyTestCase({ serverId: 'everything', case: { tool: 'echo', arguments: { message: 'x' }, expect: 'allow' } });
  const onDisk = JSON.parse(await readFile(path.join(app.dataDir, 'policies', 'everything.tests.json'), 'utf8'));
  expect(onDisk.cases).toHaveLength(2);
  const report = await app.api.runPolicyTests({ serverId: 'everything' });
  expect(report).toMatchObject({ total: 2, passed: 2, failed: 0, policyRevision: app.app.policies.engine('everything').revision });
  // The same cases against a draft that allows get-env: the saved case catches it.
  const draft = await app.api.runPolicyTests({ serverId: 'everything', text: JSON.stringify({ version: '1', default: 'allow' }) });
  expect(draft.results.map((r) => r.passed)).toEqual([false, true]);
});

test('a case that is not valid is refused with its JSON path, and nothing is written', async () => {
  const before = await app.api.getPolicyTests({ serverId: 'everything' });
  const error = await app.api.savePolicyTestCase({ serverId: 'everything', case: { tool: 'echo', expect: 'allowed' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).issues?.map((i) => i.path)).toEqual(['case.expect']);
  expect((await app.api.getPolicyTests({ serverId: 'everything' })).text).toBe(before.text);
});
