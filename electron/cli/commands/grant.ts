// portcullis grant create|list|revoke — through the Api (a running gateway's, or the core in-process).
import { Command } from 'commander';
import { withDataDir, type DataDirOption } from '../context.js';
import { withApi } from '../open-api.js';
import { printJson, printTable } from '../output.js';

export function grantCommand(): Command {
  const grant = new Command('grant').description('client credentials: one grant per AI client');

  withDataDir(grant.command('create <name>').description('create a grant; prints its token (shown once) alone on stdout')).action(
    async (name: string, options: DataDirOption) => {
      const { token } = await withApi(options, ({ api }) => api.createGrant({ name }));
      process.stdout.write(token + '\n');
      if (process.stdout.isTTY) process.stderr.write('Keep this token: it is shown once. Clients send it as "Authorization: Bearer <token>".\n');
    },
  );

  withDataDir(grant.command('list').description('list grants').option('--json', 'print JSON')).action(async (options: DataDirOption & { json?: boolean }) => {
    const grants = await withApi(options, ({ api }) => api.listGrants({}));
    if (options.json) return printJson(grants);
    if (grants.length === 0) return void process.stderr.write('No grants yet. Create one with: portcullis grant create <name>\n');
    printTable(grants.map((g) => [g.name, g.createdAt, g.lastSeenAt ?? '-']), ['NAME', 'CREATED', 'LAST SEEN']);
  });

  withDataDir(grant.command('revoke <name>').description('revoke a grant: its token stops working at once')).action(async (name: string, options: DataDirOption) => {
    await withApi(options, ({ api }) => api.revokeGrant({ name }));
    process.stderr.write(`Revoked grant '${name}'.\n`);
  });

  return grant;
}
