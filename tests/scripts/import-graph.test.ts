// scripts/import-graph.mjs on small trees laid out like electron/gateway/, and on the real one.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const SCRIPT = path.resolve('scripts/import-graph.mjs');

let root: string;
beforeEach(async () => {
  root = makeTempDir('portcullis-import-graph-');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tree(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

async function check(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, '--check', '--root', root]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

describe('import-graph --check', () => {
  it('passes imports that run down, across a layer of siblings, and inside a folder', async () => {
    await tree({
      'session/proxy.ts': "import { openGate } from '../gate/call-gate.js';\nimport type { X } from './x.js';\n",
      'gate/call-gate.ts': "import { deadline } from '../util/deadline-timer.js';\n",
      'catalog/recommend.ts': "import { REQUESTS } from '../policy/recommended.js';\n",
      'util/deadline-timer.ts': 'export const deadline = 1;\n',
    });
    expect(await check()).toEqual({ code: 0, out: '0 folder pair(s) against the layer order\n' });
  });

  it('fails on an import that runs back up, type-only or dynamic, naming the files', async () => {
    await tree({
      'upstream/supervisor.ts': "import type { Loss } from '../session/upstream-errors.js';\n",
      'util/lazy.ts': "export const load = () => import('../gate/call-gate.js');\n",
      'session/upstream-errors.ts': 'export type Loss = string;\n',
      'gate/call-gate.ts': 'export {};\n',
    });
    const { code, out } = await check();
    expect(code).toBe(1);
    expect(out).toContain('upstream -> session (runs back up)');
    expect(out).toContain('upstream/supervisor.ts -> session/upstream-errors.ts');
    expect(out).toContain('util -> gate (runs back up)');
  });

  it('fails on a folder the layer order does not name', async () => {
    await tree({ 'services/policy-service.ts': "import { engine } from '../policy/engine.js';\n", 'policy/engine.ts': 'export const engine = 1;\n' });
    const { code, out } = await check();
    expect(code).toBe(1);
    expect(out).toContain("services -> policy ('services' is in no layer)");
  });

  it('finds nothing against the order in electron/gateway/', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT, '--check']);
    expect(stdout).toBe('0 folder pair(s) against the layer order\n');
  });
});
