// portcullis ui: a fresh one-time login link for the web UI, from the running gateway
// (login links sign in once; this is how to get another without a restart).
import { Command } from 'commander';
import { LOGIN_LINKS_PATH } from '../../gateway/host/login-route.js';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { CliError } from '../output.js';
import { requireRunningGateway } from '../running-gateway.js';

export function uiCommand(): Command {
  return withDataDir(new Command('ui').description('print a fresh one-time login link for the web UI of the running gateway')).action(async (options: DataDirOption) => {
    const gateway = await requireRunningGateway(resolveDataDir(options.dataDir), 'a login link comes from the running gateway');
    const response = await fetch(`${gateway.url}${LOGIN_LINKS_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${gateway.runtime.adminToken}` } }).catch((error: unknown) => {
      throw new CliError(`could not reach the gateway at ${gateway.url}: ${(error as Error).message}`);
    });
    const body = (await response.json().catch(() => undefined)) as { url?: string } | undefined;
    if (!response.ok || typeof body?.url !== 'string') throw new CliError(`the gateway did not make a login link (HTTP ${response.status})`);
    process.stdout.write(`UI: ${body.url}\n`);
  });
}
