// `portcullis grant create|list|revoke`: the token printed once, alone on stdout, never stored or listed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-cli-grant-');

describe('grant create|list|revoke', () => {
  test('create prints the token alone on stdout; list never shows it', async () => {
    const created = await runCli(['grant', 'create', 'Claude Desktop'], { dataDir: tmp.path });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^pcg_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();
    const list = await runCli(['grant', 'list', '--json'], { dataDir: tmp.path });
    expect(JSON.parse(list.stdout).map((g: { name: string }) => g.name)).toContain('Claude Desktop');
    expect(list.stdout).not.toContain(token);
    expect(await readFile(path.join(tmp.path, 'config.json'), 'utf8')).not.toContain(token);
    expect((await runCli(['grant', 'create', 'Claude Desktop'], { dataDir: tmp.path })).stderr).toMatch(/already exists/);
  });
});
