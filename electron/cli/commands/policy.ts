// portcullis policy check|set|show|test|replay|recommend
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { PolicyDryRun, PolicyView } from '../../../shared/api.js';
import type { PolicyIssue } from '../../../shared/policy/types.js';
import { formatIssue, parsePolicyText } from '../../../shared/policy/validate.js';
import { compilePolicy } from '../../gateway/policy/compile.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { CliError, printJson } from '../output.js';
import { addReplayCommand } from './policy-replay.js';
import { runTestsFile, TEST_EXIT_CODES } from './policy-tests.js';

interface TestOptions extends DataDirOption {
  tool?: string;
  args: string;
  grant?: string;
  json?: boolean;
  cases?: string;
  policy?: string;
}

export function policyCommand(): Command {
  const policy = new Command('policy').description('one policy per server: check, set, show, test (dry run), recommend');

  withDataDir(policy.command('check <file>').description('validate a policy file: every problem with its JSON path, or OK')).action(async (file: string) => {
    const result = parsePolicyText(await readPolicyFile(file));
    if (!result.ok) {
      printIssues(result.errors);
      printIssues(result.warnings, 'warning: ');
      throw new CliError(`${file} is not a valid policy (${plural(result.errors.length, 'problem')})`);
    }
    compilePolicy(result.policy); // what the gateway does next: proves it loads
    process.stdout.write('OK\n');
    printIssues(result.warnings, 'warning: ');
  });

  withDataDir(policy.command('set <server> <file>').description("validate a policy file and make it the server's policy")).action(
    async (serverId: string, file: string, options: DataDirOption) => {
      const text = await readPolicyFile(file);
      await withApi(options, async ({ api, gateway }) => {
        const result = await api.savePolicy({ serverId, text });
        if (!result.ok) {
          printIssues(result.errors);
          throw new CliError(`${file} is not a valid policy (${plural(result.errors.length, 'problem')}); nothing was written`);
        }
        printIssues(result.warnings, 'warning: ');
        const applied = gateway ? `the running gateway applies it from the next call` : 'a gateway uses it from the next call';
        process.stderr.write(`Saved the policy for '${serverId}' (policies/${serverId}.json); ${applied}.\n`);
      });
    },
  );

  withDataDir(policy.command('show <server>').description("print the server's active policy")).action(async (serverId: string, options: DataDirOption) => {
    const view = await withApi(options, ({ api }) => api.getPolicy({ serverId }));
    process.stdout.write(view.text.endsWith('\n') ? view.text : `${view.text}\n`);
    describeState(view);
  });

  withDataDir(
    policy
      .command('test <server>')
      .description(
        `run the policy tests (policies/<server>.tests.json, or --cases FILE): a line per case and a summary; ` +
          `with --tool, a dry run of one call instead (nothing called, no limit used)`,
      )
      .option('--cases <file>', 'a tests file other than policies/<server>.tests.json')
      .option('--policy <file>', 'test a draft policy file instead of the active policy')
      .option('--tool <name>', 'dry run: the tool to decide')
      .option('--args <json>', 'dry run: the call\'s arguments as a JSON object', '{}')
      .option('--grant <name>', 'dry run: the grant (client) making the call, for per-grant limits')
      .option('--json', 'print the report (or the dry run\'s decision record) as JSON')
      .addHelpText('after', `\nExit codes (tests): ${TEST_EXIT_CODES}`),
  ).action(async (serverId: string, options: TestOptions) => {
    if (options.tool === undefined) {
      const read = (file: string) => readPolicyFile(file).catch((error: CliError) => Promise.reject(new CliError(error.message, 2))); // cannot run: 2
      const cases = options.cases !== undefined ? await read(options.cases) : undefined;
      const draft = options.policy !== undefined ? await read(options.policy) : undefined;
      return runTestsFile(options, serverId, { cases, draft, casesFile: options.cases, json: options.json === true });
    }
    const tool = options.tool;
    const args = parseArgs(options.args);
    const dryRun = await withApi(options, async ({ api }) => {
      describeState(await api.getPolicy({ serverId })); // a refused or missing file explains a surprising answer
      return api.testPolicy({ serverId, tool, args, ...(options.grant !== undefined ? { grant: options.grant } : {}) });
    });
    if (options.json) return printJson(dryRun);
    printDryRun(dryRun);
  });

  withDataDir(policy.command('recommend <server>').description("print a starting policy written from the server's tool catalog")).action(
    async (serverId: string, options: DataDirOption) => {
      const text = await withApi(options, async ({ api }) => {
        const entries = await api.listCatalog({ serverId });
        if (entries.length === 0) process.stderr.write(`The catalog has no tools of '${serverId}' yet (is the server up? see portcullis server list); this is only a default.\n`);
        return (await api.recommendPolicy({ serverId })).text;
      });
      process.stdout.write(text);
      if (process.stdout.isTTY) process.stderr.write(`Review it, save it to a file, then: portcullis policy set ${serverId} FILE\n`);
    },
  );

  addReplayCommand(policy, readPolicyFile);
  return policy;
}

async function readPolicyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function parseArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--args is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`--args must be a JSON object, e.g. '{"path": "/tmp/a"}'`);
  return value as Record<string, unknown>;
}

/** Problems go to stderr, one per line: `tools.x.limits[0].window: expected …`. */
function printIssues(issues: PolicyIssue[], prefix = ''): void {
  for (const issue of issues) process.stderr.write(`${prefix}${formatIssue(issue)}\n`);
}

/** Says on stderr when the policy shown is the default deny, or the file on disk was refused. */
function describeState(view: PolicyView): void {
  const file = `policies/${view.serverId}.json`;
  if (view.refused) {
    const errors = plural(view.refused.length, 'error');
    const active = view.source === 'file' ? 'the last good version (shown) stays active' : 'there is no earlier good version, so every call is denied';
    process.stderr.write(`${file} was refused (${errors}); ${active}:\n`);
    printIssues(view.refused, '  ');
  } else if (view.source === 'default') {
    process.stderr.write(`No policy file for '${view.serverId}' (${file}): every call is denied until one is written (portcullis policy set ${view.serverId} FILE).\n`);
  }
}

function printDryRun(dryRun: PolicyDryRun): void {
  const { record } = dryRun;
  const rule = record.causePath && record.causePath !== record.rule ? `${record.rule} (decided by ${record.causePath})` : record.rule;
  process.stdout.write(`Decision: ${dryRun.action}\nRule: ${rule}\nWhy: ${dryRun.explanation}\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
