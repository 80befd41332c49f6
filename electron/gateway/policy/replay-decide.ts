// One recorded or written call decided by a real engine: a tool call through decide(), any
// other request through decideRequest() with its target worked out from the method. Shared
// by replay (calls from the log) and policy tests (calls from a file).
import type { PolicyDecision } from '../../../shared/policy/types.js';
import type { RiskClass } from '../../../shared/risk.js';
import type { PolicyEngine } from './engine.js';
import { governanceOf, type ItemKind } from './request-rules.js';

/** What the catalog knows of a tool (risk class for `risk` rules, schema for validate_schema). */
export type ToolFacts = (tool: string) => { riskClass?: RiskClass; inputSchema?: unknown };

export interface ReplayCall {
  /** Absent or `tools/call` for a tool call. */
  method?: string | undefined;
  /** The tool; for other methods the target (URI, prompt name) or the method itself. */
  tool: string;
  args: Record<string, unknown>;
  grant: string;
  sessionId: string;
  now: number;
}

/** Decides the call, counting its limits as the live gateway would. `undefined` for a request that carries no data (ping). */
export async function decideCall(engine: PolicyEngine, facts: ToolFacts, call: ReplayCall): Promise<PolicyDecision | undefined> {
  if (call.method === undefined || call.method === 'tools/call') {
    const known = facts(call.tool);
    return engine.decide({
      tool: { name: call.tool, ...(known.riskClass !== undefined ? { riskClass: known.riskClass } : {}), ...(known.inputSchema !== undefined ? { inputSchema: known.inputSchema } : {}) },
      args: call.args,
      grant: call.grant,
      sessionId: call.sessionId,
      now: call.now,
    });
  }
  const kind = targetKind(call.method, call.tool);
  const decision = engine.decideRequest({ method: call.method, ...(kind !== undefined ? { target: { kind, name: call.tool } } : {}) });
  return decision.action === 'open' ? undefined : decision;
}

/** The kind of the request's target, or undefined when it has none (the log names the method itself then). */
function targetKind(method: string, name: string): ItemKind | undefined {
  if (name === method) return undefined;
  const governance = governanceOf(method);
  if (governance.kind === 'item') return governance.items;
  // completion/complete completes a prompt's or a resource's argument: URIs have a scheme.
  if (method === 'completion/complete') return /^[a-z][a-z0-9+.-]*:/i.test(name) ? 'resource' : 'prompt';
  return undefined;
}
