// Api: policies you can trust before they are live: replay a draft over the call log, run
// the server's policy tests, add a case to them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PortcullisApi } from '../../../shared/api.js';
import { ApiError } from '../../../shared/api-error.js';
import type { Policy } from '../../../shared/policy/types.js';
import { parsePolicyText } from '../../../shared/policy/validate.js';
import { parsePolicyTestsText, validatePolicyTests } from '../../../shared/policy-tests-file.js';
import type { PolicyTestCase } from '../../../shared/policy-replay.js';
import { callLogDir } from '../calllog/log-files.js';
import { POLICIES_DIR } from '../policy/policy-files.js';
import { runPolicyTests } from '../policy/policy-tests.js';
import type { ToolFacts } from '../policy/replay-decide.js';
import { callsOldestFirst } from '../policy/replay-source.js';
import { replayPolicy } from '../policy/replay.js';
import type { Portcullis } from '../portcullis.js';
import { atomicWriteFile } from '../store/atomic-write.js';
import { requireServer } from './find-server.js';

type ReplayMethods = 'replayPolicy' | 'runPolicyTests' | 'getPolicyTests' | 'savePolicyTestCase';

export function policyReplayApi(app: Portcullis): Pick<PortcullisApi, ReplayMethods> {
  const facts = (serverId: string): ToolFacts => (tool) => {
    const entry = app.catalog.entry(serverId, tool);
    return entry ? { riskClass: entry.class, inputSchema: entry.inputSchema } : {};
  };
  const policyOf = (serverId: string, text: string | undefined): Policy => {
    if (text === undefined) return app.policies.loaded(serverId).policy;
    const draft = parsePolicyText(text);
    if (!draft.ok) throw new ApiError('invalid-input', 'the draft policy is not valid', draft.errors);
    return draft.policy;
  };
  const testsFile = (serverId: string) => path.join(app.dataDir, POLICIES_DIR, `${serverId}.tests.json`);
  const relative = (serverId: string) => `${POLICIES_DIR}/${serverId}.tests.json`;
  const readTests = async (serverId: string): Promise<string | undefined> => {
    try {
      return await readFile(testsFile(serverId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };

  return {
    async replayPolicy({ serverId, text, from, to, grant, tool, maxChanged }) {
      await requireServer(app, serverId);
      const draft = policyOf(serverId, text);
      await app.calls.flush(); // every answered call is on disk, in its day file
      const tally = { skippedLines: 0 };
      const filter = { server: serverId, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(grant !== undefined ? { grant } : {}), ...(tool !== undefined ? { tool } : {}) };
      return replayPolicy({
        serverId,
        draft,
        activeRevision: app.policies.engine(serverId).revision,
        records: callsOldestFirst(callLogDir(app.dataDir), filter, tally),
        facts: facts(serverId),
        maxChanged: maxChanged ?? 1000,
        range: { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(grant !== undefined ? { grant } : {}) },
      });
    },

    async runPolicyTests({ serverId, text, cases }) {
      await requireServer(app, serverId);
      const policy = policyOf(serverId, text);
      const source = cases ?? (await readTests(serverId));
      if (source === undefined) throw new ApiError('not-found', `no policy tests for '${serverId}' yet (${relative(serverId)})`);
      const parsed = parsePolicyTestsText(source);
      if (!parsed.ok) throw new ApiError('invalid-input', `the policy tests are not valid (${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'})`, parsed.errors);
      return runPolicyTests({ serverId, policy, cases: parsed.file.cases, facts: facts(serverId), file: cases === undefined ? relative(serverId) : '(given cases)' });
    },

    async getPolicyTests({ serverId }) {
      await requireServer(app, serverId);
      const text = await readTests(serverId);
      return { file: relative(serverId), exists: text !== undefined, text: text ?? `${JSON.stringify({ cases: [] }, null, 2)}\n` };
    },

    async savePolicyTestCase({ serverId, case: testCase }) {
      await requireServer(app, serverId);
      const checked = validatePolicyTests({ cases: [testCase] });
      if (!checked.ok) throw new ApiError('invalid-input', 'the test case is not valid', checked.errors.map((e) => ({ ...e, path: e.path.replace(/^cases\[0\]\.?/, 'case.').replace(/\.$/, '') })));
      const existing = await readTests(serverId);
      let cases: PolicyTestCase[] = [];
      let rest: Record<string, unknown> = {};
      if (existing !== undefined) {
        const parsed = parsePolicyTestsText(existing);
        if (!parsed.ok) throw new ApiError('conflict', `${relative(serverId)} is not valid; fix it before adding cases`, parsed.errors);
        ({ cases, ...rest } = parsed.file);
      }
      cases = [...cases, testCase as unknown as PolicyTestCase];
      await atomicWriteFile(testsFile(serverId), `${JSON.stringify({ ...rest, cases }, null, 2)}\n`);
      return { file: relative(serverId), count: cases.length };
    },
  };
}
