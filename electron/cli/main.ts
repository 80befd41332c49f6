// The `portcullis` command line. Each command lives in commands/<name>.ts.
import { Command, CommanderError } from 'commander';
import { serveCommand } from './commands/serve.js';
import { connectCommand } from './commands/connect.js';
import { serverCommand } from './commands/server.js';
import { grantCommand } from './commands/grant.js';
import { policyCommand } from './commands/policy.js';
import { catalogCommand } from './commands/catalog.js';
import { callsCommand } from './commands/calls.js';
import { approvalsCommand, approveCommand, denyCommand } from './commands/approvals.js';
import { importCommand } from './commands/import.js';
import { clientsCommand } from './commands/clients.js';
import { demoCommand } from './commands/demo.js';
import { uiCommand } from './commands/ui.js';
import { CliError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('portcullis')
    .description('A local MCP gateway: policy, approvals, call log and tool catalog between AI clients and MCP servers.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  for (const command of [
    serveCommand(),
    connectCommand(),
    serverCommand(),
    grantCommand(),
    policyCommand(),
    catalogCommand(),
    callsCommand(),
    approvalsCommand(),
    approveCommand(),
    denyCommand(),
    importCommand(),
    clientsCommand(),
    demoCommand(),
    uiCommand(),
  ]) program.addCommand(command);
  program.commands.forEach(exitOverrideDeep);
  return program;
}

function exitOverrideDeep(command: Command): void {
  command.exitOverride();
  command.commands.forEach(exitOverrideDeep);
}

/** Runs the CLI; resolves to the process exit code. Errors go to stderr. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander already printed it (or it was --help)
    const code = error instanceof CliError ? error.exitCode : 1;
    process.stderr.write(`portcullis: ${(error as Error).message}\n`);
    return code;
  }
}
