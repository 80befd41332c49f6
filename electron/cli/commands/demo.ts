// portcullis demo: register the bundled demo server (demo-odoo: the real Odoo tool catalog,
// canned answers) with a demo policy that uses every rule kind. Safe to run again.
import { Command } from 'commander';
import { installDemo } from '../../gateway/demo/install-demo.js';
import { openConfig, withDataDir, type DataDirOption } from '../context.js';

export function demoCommand(): Command {
  return withDataDir(new Command('demo').description('register the built-in demo server (demo-odoo) and its demo policy')).action(async (options: DataDirOption) => {
    const store = await openConfig(options);
    const { serverId, addedServer, wrotePolicy } = await installDemo(store, store.dataDir);
    const out = process.stderr;
    out.write(addedServer ? `Registered the demo server '${serverId}'.\n` : `The demo server '${serverId}' was already registered.\n`);
    out.write(wrotePolicy ? `Wrote the demo policy (portcullis policy show ${serverId}).\n` : `Kept the existing policy of '${serverId}'.\n`);
    out.write(`Next: portcullis serve, then connect a client to it, e.g. portcullis clients connect claude-desktop --servers ${serverId}\n`);
  });
}
