// Portcullis the way a user runs it: the CLI registers servers and a grant in a data
// directory, policies are files in it, and `portcullis serve` runs as its own process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnGroup, stopGroup, waitForLine } from './processes.mjs';

const run = promisify(execFile);
export const CLI = path.resolve('bin/portcullis.js');
export const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function cli(args) {
  return run(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/**
 * A data directory with `serverIds` (all server-everything over stdio), one policy for
 * all of them and a grant. Returns { dataDir, token, policyFile }; the policy is checked
 * with `portcullis policy check` first, so a bad bench policy fails loudly.
 */
export async function prepareDataDir({ serverIds, policy }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-bench-'));
  for (const id of serverIds) await cli(['server', 'add', id, '--data-dir', dataDir, '--', process.execPath, EVERYTHING, 'stdio']);
  const { stdout } = await cli(['grant', 'create', 'bench', '--data-dir', dataDir]);
  const token = stdout.trim();
  // The memory phase opens 100 sessions through one grant: lift the session caps (32 per grant by default) above it.
  const configFile = path.join(dataDir, 'config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8'));
  config.settings = { ...config.settings, maxSessionsPerGrant: 500, maxSessions: 500 };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const policyFile = path.join(dataDir, 'policies', `${serverIds[0]}.json`);
  await writeFile(policyFile, `${JSON.stringify(policy, null, 2)}\n`);
  try {
    await cli(['policy', 'check', policyFile, '--data-dir', dataDir]);
  } catch (error) {
    throw new Error(`bench policy rejected by portcullis policy check: ${error.stderr || error.message}`, { cause: error });
  }
  for (const id of serverIds.slice(1)) await writeFile(path.join(dataDir, 'policies', `${id}.json`), `${JSON.stringify(policy, null, 2)}\n`);
  return { dataDir, token, policyFile };
}

/** Starts `portcullis serve --port 0`; resolves with { child, pid, url, endpoint(id), stop() }. */
export async function startGateway({ dataDir }) {
  const child = spawnGroup(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir]);
  const [, url] = await waitForLine(child, /Portcullis gateway listening on (http:\/\/\S+)\n/);
  return {
    child,
    pid: child.pid,
    url,
    endpoint: (id) => `${url}/mcp/${id}`,
    stop: () => stopGroup(child, 5000),
  };
}

export async function removeDataDir(dataDir) {
  await rm(dataDir, { recursive: true, force: true });
}
