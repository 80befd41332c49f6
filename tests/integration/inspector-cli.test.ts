// A real third-party client: the MCP Inspector CLI lists and calls tools through the gateway.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestGateway, everythingStdio, type TestGateway } from '../helpers/gateway.js';

const INSPECTOR = path.resolve('node_modules/@modelcontextprotocol/inspector-cli/build/index.js');
// inspector-cli 1.0.3 looks for its package.json relative to the working directory, not to itself.
const cwd = path.dirname(INSPECTOR);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ everything: everythingStdio() });
});
afterAll(async () => {
  await gw?.close();
});

function inspector(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [INSPECTOR, gw.endpoint('everything'), '--transport', 'http', '--header', `Authorization: Bearer ${gw.token}`, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('inspector CLI: tools/list through the gateway', async () => {
  const result = await inspector(['--method', 'tools/list']);
  expect(result.code, result.stderr).toBe(0);
  const names = JSON.parse(result.stdout).tools.map((t: { name: string }) => t.name);
  expect(names).toContain('echo');
  expect(names).toContain('get-sum');
});

test('inspector CLI: tools/call through the gateway', async () => {
  const result = await inspector(['--method', 'tools/call', '--tool-name', 'get-sum', '--tool-arg', 'a=2', 'b=40']);
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.stringify(JSON.parse(result.stdout))).toMatch(/42/);
});

test('inspector CLI without a token is refused', async () => {
  const child = spawn(process.execPath, [INSPECTOR, gw.endpoint('everything'), '--transport', 'http', '--method', 'tools/list'], { cwd });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/401|Unauthorized/);
});
