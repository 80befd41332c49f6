// portcullis policy test <server> [--cases FILE] [--policy FILE]: the policy tests, for CI.
import { ApiError } from '../../../shared/api-error.js';
import { formatIssue } from '../../../shared/policy/validate.js';
import { formatTestReport } from '../../gateway/policy/policy-tests.js';
import { withApi } from '../open-api.js';
import type { DataDirOption } from '../context.js';
import { CliError, printJson } from '../output.js';

/** For the help text and docs/policy.md. */
export const TEST_EXIT_CODES = '0 every case passed; 1 a case failed; 2 the tests could not run (no tests file, an invalid tests or policy file, an unknown server)';

export async function runTestsFile(
  dataDir: DataDirOption,
  serverId: string,
  input: { cases: string | undefined; draft: string | undefined; casesFile: string | undefined; json: boolean },
): Promise<void> {
  let report;
  try {
    report = await withApi(dataDir, ({ api }) =>
      api.runPolicyTests({ serverId, ...(input.cases !== undefined ? { cases: input.cases } : {}), ...(input.draft !== undefined ? { text: input.draft } : {}) }),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    for (const issue of error.issues ?? []) process.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(error.message, 2);
  }
  if (input.casesFile !== undefined) report.file = input.casesFile;
  if (input.json) printJson(report);
  else process.stdout.write(formatTestReport(report));
  if (report.failed > 0) throw new CliError(`${report.failed} of ${report.total} policy tests failed`, 1);
}
