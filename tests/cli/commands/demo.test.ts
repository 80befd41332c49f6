// `portcullis demo`: registers demo-odoo with its demo policy; safe to run again (keeps an edited policy).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-cli-demo-');

it('registers the demo server and writes its policy, saying what it did and what to do next (stderr)', async () => {
  const first = await runCli(['demo'], { dataDir: tmp.path });
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toBe('');
  expect(first.stderr).toBe(
    "Registered the demo server 'demo-odoo'.\n" +
      'Wrote the demo policy (portcullis policy show demo-odoo).\n' +
      'Next: portcullis serve, then connect a client to it, e.g. portcullis clients connect claude-desktop --servers demo-odoo\n',
  );
  const config = JSON.parse(await readFile(path.join(tmp.path, 'config.json'), 'utf8')) as { servers: { id: string }[] };
  expect(config.servers.map((s) => s.id)).toEqual(['demo-odoo']);
  const policy = JSON.parse(await readFile(path.join(tmp.path, 'policies', 'demo-odoo.json'), 'utf8')) as { version: string };
  expect(policy.version).toBe('1');
});

it('run again: registers nothing twice and keeps a policy the person edited', async () => {
  await runCli(['demo'], { dataDir: tmp.path });
  const file = path.join(tmp.path, 'policies', 'demo-odoo.json');
  const edited = JSON.stringify({ version: '1', default: 'deny' });
  await writeFile(file, edited);
  const again = await runCli(['demo'], { dataDir: tmp.path });
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/^The demo server 'demo-odoo' was already registered\.\nKept the existing policy of 'demo-odoo'\.\n/);
  expect(await readFile(file, 'utf8')).toBe(edited);
  const config = JSON.parse(await readFile(path.join(tmp.path, 'config.json'), 'utf8')) as { servers: { id: string }[] };
  expect(config.servers).toHaveLength(1);
});
