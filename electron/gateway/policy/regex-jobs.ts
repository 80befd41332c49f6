// The work the regex worker does (regex-runner.ts): a whole validate_schema check of one
// call, or one `regex` condition's match. Run here with no inline budget: the runner's
// deadline is what bounds it.
import { compileLinearRegex } from '../../../shared/policy/linear-regex.js';
import { InputSchemaChecker, type SchemaCheck } from './input-schema-check.js';

export type SchemaJob = { kind: 'schema'; schema: object; args: unknown };
export type MatchJob = { kind: 'match'; pattern: string; text: string };
export type RegexJob = SchemaJob | MatchJob;
export type RegexJobValue<J extends RegexJob> = J extends SchemaJob ? SchemaCheck : boolean;

let checker: InputSchemaChecker | undefined;

export function runRegexJob(job: RegexJob): SchemaCheck | boolean {
  if (job.kind === 'schema') {
    checker ??= new InputSchemaChecker({ runner: false });
    return checker.check(job.schema, job.args) as SchemaCheck;
  }
  const compiled = compileLinearRegex(job.pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.regex.test(job.text);
}
