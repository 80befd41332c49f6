// Decisions for requests other than tools/call: the method's own rule (a section, or the
// document's default for a method the format does not name) and its target's rule (a
// resource's URI, a prompt's name). A hidden target is "not available"; a deny from either
// rule denies; an approve from either holds the request for a person; else it is allowed.
// No limits or argument conditions here: those are for tool calls.
import { DEFAULT_DENY_POLICY } from '../../../shared/policy/validate.js';
import type { DecisionRecord, DenialCause, PolicyDecision } from '../../../shared/policy/types.js';
import type { CompiledPolicy } from './compile.js';
import { hiddenItemText, requestDenialText } from './messages.js';
import { governanceOf, resolveItem, type CompiledRequestRule, type CompiledRequestRules, type ItemKind } from './request-rules.js';

export interface RequestInput {
  method: string;
  /** The resource (URI) or prompt (name) the request is about; for completion, the one it completes. */
  target?: { kind: ItemKind; name: string };
  /** How the client named the target, when not its own name (the aggregate endpoint's `server__prompt`). */
  calledAs?: string;
}

/** `open`: a request that carries no data (ping, resources/unsubscribe): neither decided nor logged. */
export type RequestDecision = { action: 'open' } | PolicyDecision;

const OPEN: RequestDecision = Object.freeze({ action: 'open' });

export function decideRequest(compiled: CompiledPolicy, serverId: string, input: RequestInput): RequestDecision {
  const rules = compiled.requests;
  const governance = governanceOf(input.method);
  if (governance.kind === 'open') return OPEN;

  const target = input.target ?? (governance.kind === 'item' ? { kind: governance.items, name: '' } : undefined);
  const shown = input.calledAs ?? target?.name;
  const subject = shown === undefined ? input.method : `${input.method} of '${shown}'`;
  const label = shown === undefined ? input.method : `${input.method} ${shown}`;

  const deny = (rule: CompiledRequestRule, what: string): PolicyDecision => {
    const cause: DenialCause = rule.kind === 'default' ? 'default' : 'action';
    const detail = rule.kind === 'default' ? defaultDetail(compiled, serverId, rule, what) : `its rule denies ${what}`;
    const record: DecisionRecord = { action: 'deny', rule: rule.path, cause, causePath: rule.path, detail, counters: [] };
    if (rule.reason !== undefined) record.reason = rule.reason;
    return { action: 'deny', tool: label, message: requestDenialText(subject, detail, rule.path, rule.reason), record };
  };

  let methodRule: CompiledRequestRule | undefined;
  if (governance.kind === 'section') methodRule = rules.sections[governance.section];
  else if (governance.kind === 'default') methodRule = rules.fallback;
  if (methodRule?.action === 'deny') return deny(methodRule, governance.kind === 'section' ? `${governance.section} requests` : 'this request');

  let itemRule: CompiledRequestRule | undefined;
  if (target) {
    const section = target.kind === 'resource' ? rules.resources : rules.prompts;
    const resolved = resolveItem(section, target.name);
    if ('hidden' in resolved) {
      const path = `${section.path}.hide[${resolved.hidden}]`;
      const record: DecisionRecord = { action: 'hidden', rule: path, cause: 'hidden', causePath: path, counters: [] };
      return { action: 'hidden', tool: label, message: hiddenItemText(target.kind, shown ?? target.name), record };
    }
    itemRule = resolved.rule;
    if (itemRule.action === 'deny') return deny(itemRule, `this ${target.kind}`);
  }

  const approving = methodRule?.action === 'approve' ? methodRule : itemRule?.action === 'approve' ? itemRule : undefined;
  if (approving) {
    const record: DecisionRecord = { action: 'approve', rule: approving.path, counters: [] };
    if (approving.reason !== undefined) record.reason = approving.reason;
    return { action: 'approve', tool: label, timeoutSeconds: approving.approvalTimeoutSeconds, record };
  }
  // The most specific rule that allowed it: the target's, else the method's.
  const allowing = (itemRule ?? methodRule) as CompiledRequestRule;
  return { action: 'allow', tool: label, record: { action: 'allow', rule: allowing.path, counters: [] } };
}

function defaultDetail(compiled: CompiledPolicy, serverId: string, rule: CompiledRequestRule, what: string): string {
  if (compiled.source === DEFAULT_DENY_POLICY) return `server '${serverId}' has no policy file yet, so every request is denied`;
  return `no rule allows ${what} (${rule.path}: deny)`;
}

/**
 * Whether a server's notification may reach the client: a resource update only for a URI the
 * session may read (not hidden, not denied), a log message only when logging is not denied.
 * Everything else (list changes, progress, cancellation) carries no data of its own.
 */
export function passesNotification(rules: CompiledRequestRules, method: string, params: Record<string, unknown> | undefined): boolean {
  if (method === 'notifications/resources/updated') {
    const resolved = resolveItem(rules.resources, typeof params?.uri === 'string' ? params.uri : '');
    return 'rule' in resolved && resolved.rule.action !== 'deny';
  }
  if (method === 'notifications/message') return rules.sections.logging.action !== 'deny';
  return true;
}
