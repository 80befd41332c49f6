// Api: policies (get, validate, save, recommend, dry-run).
import type { PolicyDryRun, PolicyView, PortcullisApi } from '../../../shared/api.js';
import type { PolicyDecision } from '../../../shared/policy/types.js';
import { parsePolicyText } from '../../../shared/policy/validate.js';
import { PolicyEngine } from '../policy/engine.js';
import { recommendPolicy } from '../catalog/recommend-policy.js';
import type { Portcullis } from '../portcullis.js';
import { ApiError } from '../../../shared/api-error.js';
import { requireServer } from './find-server.js';
import { listToolsOnce } from './list-upstream-once.js';

export function policiesApi(app: Portcullis): Pick<PortcullisApi, 'getPolicy' | 'validatePolicy' | 'savePolicy' | 'recommendPolicy' | 'testPolicy'> {
  const view = async (serverId: string): Promise<PolicyView> => {
    const loaded = app.policies.loaded(serverId);
    return { serverId, source: loaded.source, text: await app.policies.text(serverId), ...(loaded.refused ? { refused: loaded.refused } : {}) };
  };
  return {
    async getPolicy({ serverId }) {
      await requireServer(app, serverId);
      return view(serverId);
    },
    async validatePolicy({ text }) {
      return parsePolicyText(text);
    },
    async savePolicy({ serverId, text }) {
      await requireServer(app, serverId);
      const result = await app.policies.saveText(serverId, text);
      return result.ok ? { ok: true, warnings: result.warnings, policy: await view(serverId) } : { ok: false, errors: result.errors };
    },
    async recommendPolicy({ serverId, fetchTools }) {
      const server = await requireServer(app, serverId);
      if (fetchTools && app.catalog.entries(serverId).length === 0) await listToolsOnce(app, server);
      const entries = app.catalog.entries(serverId);
      return { text: `${JSON.stringify(recommendPolicy(serverId, entries), null, 2)}\n`, tools: entries.length };
    },
    async testPolicy({ serverId, tool, args, grant, text }) {
      await requireServer(app, serverId);
      let engine = app.policies.engine(serverId);
      if (text !== undefined) {
        const draft = parsePolicyText(text);
        if (!draft.ok) throw new ApiError('invalid-input', 'the draft policy is not valid', draft.errors);
        engine = new PolicyEngine({ serverId, policy: draft.policy, counters: app.policies.counters });
      }
      const entry = app.catalog.entry(serverId, tool);
      const decision = await engine.decide(
        { tool: { name: tool, riskClass: entry?.class, inputSchema: entry?.inputSchema }, args: args ?? {}, grant: grant ?? '(dry run)', sessionId: '(dry run)' },
        { dryRun: true },
      );
      return toDryRun(decision);
    },
  };
}

export function toDryRun(decision: PolicyDecision): PolicyDryRun {
  const { record } = decision;
  const counters = record.counters.map((c) => `${c.counter} ${c.used}/${c.max} per ${c.windowSeconds} s (${c.scope})`).join(', ');
  let explanation: string;
  switch (decision.action) {
    case 'allow':
      explanation = `Allowed by ${record.rule}${counters ? `; counters after this call: ${counters}` : ''}.`;
      break;
    case 'approve':
      explanation = `Held for a person's approval by ${record.rule} (times out after ${decision.timeoutSeconds} s)${counters ? `; counters: ${counters}` : ''}.`;
      break;
    default:
      explanation = decision.message;
  }
  return {
    action: decision.action,
    record,
    explanation,
    ...(decision.action === 'deny' || decision.action === 'hidden' ? { message: decision.message } : {}),
  };
}
