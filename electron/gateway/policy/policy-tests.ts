// Policy tests: a file of calls with the decision each should get, run against a policy
// with the real engine. Each case starts from empty counters on a clock of its own; its
// `before` calls are decided (and counted) first, a millisecond apart, so limits can be tested.
import { decisionOutcome, type PolicyTestCall, type PolicyTestCase, type PolicyTestReport, type PolicyTestResult } from '../../../shared/policy-replay.js';
import { caseName } from '../../../shared/policy-tests-file.js';
import type { DecisionRecord, Policy } from '../../../shared/policy/types.js';
import { PolicyEngine } from './engine.js';
import { InputSchemaChecker } from './input-schema-check.js';
import { MemoryCounterStore } from './memory-counter-store.js';
import { decideCall, type ReplayCall, type ToolFacts } from './replay-decide.js';

/** Any fixed time will do: cases must not depend on the day they run. */
const CASE_CLOCK = Date.UTC(2025, 0, 1);
const DEFAULT_GRANT = 'test';

export interface RunPolicyTestsOptions {
  serverId: string;
  policy: Policy;
  cases: readonly PolicyTestCase[];
  facts: ToolFacts;
  file: string;
  schemaChecker?: InputSchemaChecker;
}

export async function runPolicyTests(options: RunPolicyTestsOptions): Promise<PolicyTestReport> {
  const schemaChecker = options.schemaChecker ?? new InputSchemaChecker();
  const results: PolicyTestResult[] = [];
  let revision = '';
  for (const [index, testCase] of options.cases.entries()) {
    const engine = new PolicyEngine({ serverId: options.serverId, policy: options.policy, counters: new MemoryCounterStore(), schemaChecker });
    revision = engine.revision;
    let now = CASE_CLOCK;
    for (const call of testCase.before ?? []) {
      for (let i = 0; i < (call.times ?? 1); i++) await decideCall(engine, options.facts, toReplayCall(call, now++));
    }
    const decision = await decideCall(engine, options.facts, toReplayCall(testCase, now));
    const record: Pick<DecisionRecord, 'action' | 'rule' | 'cause' | 'causePath'> = decision?.record ?? { action: 'allow', rule: '(open: no policy applies)' };
    const actual = decisionOutcome(record);
    const ruleMatches = testCase.rule === undefined || testCase.rule === record.rule || testCase.rule === record.causePath;
    const result: PolicyTestResult = {
      index,
      name: caseName(testCase),
      passed: actual === testCase.expect && ruleMatches,
      expected: testCase.expect,
      actual,
      actualRule: record.rule,
    };
    if (testCase.rule !== undefined) result.expectedRule = testCase.rule;
    if (decision?.record.causePath !== undefined && decision.record.causePath !== record.rule) result.actualCausePath = decision.record.causePath;
    if (decision?.record.detail !== undefined) result.detail = decision.record.detail;
    results.push(result);
  }
  if (revision === '') revision = new PolicyEngine({ serverId: options.serverId, policy: options.policy, counters: new MemoryCounterStore(), schemaChecker }).revision;
  const passed = results.filter((r) => r.passed).length;
  return { file: options.file, policyRevision: revision, total: results.length, passed, failed: results.length - passed, results };
}

function toReplayCall(call: PolicyTestCall, now: number): ReplayCall {
  return {
    method: call.method,
    tool: call.tool ?? call.target ?? call.method ?? '',
    args: call.arguments ?? {},
    grant: call.grant ?? DEFAULT_GRANT,
    sessionId: 'policy-test',
    now,
  };
}

/** One line per case and a summary line, as CI logs show them. */
export function formatTestReport(report: PolicyTestReport): string {
  const lines = report.results.map((r) => {
    const rule = r.actualCausePath ?? r.actualRule;
    if (r.passed) return `ok   ${r.index + 1} ${r.name}: ${r.actual} (${rule})`;
    const expected = r.expectedRule !== undefined ? `${r.expected} by ${r.expectedRule}` : r.expected;
    return `FAIL ${r.index + 1} ${r.name}: expected ${expected}, got ${r.actual} by ${rule}${r.detail ? ` — ${r.detail}` : ''}`;
  });
  lines.push(`${report.failed === 0 ? 'PASS' : 'FAIL'} ${report.file}: ${report.passed} passed, ${report.failed} failed, ${report.total} cases (policy ${report.policyRevision})`);
  return `${lines.join('\n')}\n`;
}
