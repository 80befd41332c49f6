// The policy engine of one server: filters tools/list and decides every tools/call; and,
// through request-decision.ts, decides every other request and filters the other lists.
//
// Order of checks for a call (the first that fails decides):
//   1. hide            → hidden ("tool not available")
//   2. rule action deny (the resolved rule: tools exact > longest glob > risk > default)
//   3. validate_schema → the tool's inputSchema (ajv)
//   4. require         → every condition must hold
//   5. deny_if         → any condition that holds denies
//   6. limits          → all_tools.limits + the rule's limits, checked and counted at once
//   7. action          → allow, or approve (hold for a person)
// Limits come last so that a call denied for any other reason uses no budget. For
// `approve`, limits are counted before the call is held: a held call has used its budget
// whether or not a person approves it, which also caps how many approval prompts an
// agent can raise.
//
// Shadow rules: a policy with shadow rules or limits compiles a second view holding them as
// if enforced (compile.ts). A call that view governs by a shadow rule or limit is decided
// there too, first (so its dry run of the real counters sees them as they were before the
// call); its shadow limits count in counters of their own, and the would-be decision rides
// on the enforced decision's record as `shadow`. A policy without shadows pays one check.
import { DEFAULT_DENY_POLICY } from '../../../shared/policy/validate.js';
import type { CounterTouch, DecisionRecord, DenialCause, DenyDecision, Policy, PolicyDecision, ShadowVerdict } from '../../../shared/policy/types.js';
import type { RiskClass } from '../../../shared/risk.js';
import { compilePolicy, resolveRule, type CompiledPolicy, type CompiledRule } from './compile.js';
import { describeActual, describeCondition, evaluateCondition } from './conditions.js';
import { isStoreUnavailable, type ConsumeResult, type CounterStore } from './counter-store.js';
import { InputSchemaChecker } from './input-schema-check.js';
import { buildRequests, describeLimit, formatAmount, LimitKeyMemo, type CompiledLimit } from './limits.js';
import { denialText, hiddenText, retryText } from './messages.js';
import { decideRequest, passesNotification, type RequestDecision, type RequestInput } from './request-decision.js';
import { isItemListed, type ItemKind } from './request-rules.js';

export interface PolicyTool {
  name: string;
  /** From the catalog; undefined while unclassified. */
  riskClass?: RiskClass;
  inputSchema?: unknown;
}

export interface DecideInput {
  tool: PolicyTool;
  /** The name the client called it by, when not the tool's own (the aggregate endpoint's `server__tool`). */
  calledAs?: string;
  args: Record<string, unknown>;
  grant: string;
  sessionId: string;
  /** Milliseconds since the epoch; default Date.now(). */
  now?: number;
}

export interface PolicyEngineOptions {
  serverId: string;
  policy: Policy;
  /** `policy` already compiled (by the save or load that checked it), so it is not compiled twice. */
  compiled?: CompiledPolicy;
  counters: CounterStore;
  /** Share one across engines to share compiled schemas. */
  schemaChecker?: InputSchemaChecker;
}

export class PolicyEngine {
  readonly serverId: string;
  private compiled: CompiledPolicy;
  private readonly counters: CounterStore;
  private readonly schemas: InputSchemaChecker;
  private readonly limitKeys: LimitKeyMemo;

  constructor(options: PolicyEngineOptions) {
    this.serverId = options.serverId;
    this.limitKeys = new LimitKeyMemo(options.serverId);
    this.compiled = options.compiled ?? compilePolicy(options.policy);
    this.counters = options.counters;
    this.schemas = options.schemaChecker ?? new InputSchemaChecker();
  }

  get policy(): Policy {
    return this.compiled.source;
  }

  /** The active policy's revision (policy-revision.ts). */
  get revision(): string {
    return this.compiled.revision;
  }

  /** Extra argument keys the call log should redact (the policy's `redact`). */
  get redactKeys(): readonly string[] {
    return this.compiled.redact;
  }

  /** Swaps in a validated policy. Calls already past their first await finish under the old one. */
  setPolicy(policy: Policy, compiled: CompiledPolicy = compilePolicy(policy)): void {
    this.compiled = compiled;
  }

  /**
   * Whether tools/list shows the tool. Explicit beats silent: a tool a rule names (a `tools`
   * key or a `risk` class) stays listed even when that rule denies it, so the agent learns the
   * rule's reason when it calls; hidden tools, and tools only `default: deny` denies, are not listed.
   */
  isVisible(tool: Pick<PolicyTool, 'name' | 'riskClass'>): boolean {
    const compiled = this.compiled;
    if (compiled.hide.match(tool.name) !== undefined) return false;
    if (compiled.source.default !== 'deny') return true;
    return resolveRule(compiled, tool.name, tool.riskClass).kind !== 'default';
  }

  /** Whether resources/list (or templates/list, by uriTemplate) or prompts/list shows an item: the same rule as isVisible. */
  isListed(kind: ItemKind, name: string): boolean {
    const { requests } = this.compiled;
    return isItemListed(kind === 'resource' ? requests.resources : requests.prompts, name);
  }

  /** Decides a request other than tools/call (resources, prompts, completion, logging, sampling, elicitation, roots). */
  decideRequest(input: RequestInput): RequestDecision {
    const compiled = this.compiled;
    const decision = decideRequest(compiled, this.serverId, input);
    if (decision.action === 'open') return decision;
    decision.record.revision = compiled.revision;
    if (compiled.shadow !== undefined) {
      const shadow = decideRequest(compiled.shadow, this.serverId, input);
      if (shadow.action !== 'open' && shadowRuleDecided(compiled.shadow, shadow.record.rule)) decision.record.shadow = shadowVerdict(shadow.record);
    }
    return decision;
  }

  /** Whether a notification from the server may reach the client (resource updates and log messages are governed). */
  passesNotification(method: string, params: Record<string, unknown> | undefined): boolean {
    return passesNotification(this.compiled.requests, method, params);
  }

  /** The tools/list entries the policy lets through. */
  filterTools<T extends { name: string }>(tools: readonly T[], riskClassOf?: (tool: T) => RiskClass | undefined): T[] {
    return tools.filter((tool) => {
      const riskClass = riskClassOf?.(tool);
      return this.isVisible(riskClass === undefined ? { name: tool.name } : { name: tool.name, riskClass });
    });
  }

  async decide(input: DecideInput, options: { dryRun?: boolean } = {}): Promise<PolicyDecision> {
    const compiled = this.compiled;
    const dryRun = options.dryRun === true;
    if (compiled.shadow === undefined) return this.decideIn(compiled, input, dryRun, false);
    let shadow: ShadowVerdict | undefined;
    const view = compiled.shadow;
    if (view.hide.match(input.tool.name) === undefined && resolveRule(view, input.tool.name, input.tool.riskClass).touchesShadow) {
      shadow = shadowVerdict((await this.decideIn(view, input, dryRun, true)).record);
    }
    const decision = await this.decideIn(compiled, input, dryRun, false);
    if (shadow) decision.record.shadow = shadow;
    return decision;
  }

  /** `shadowPass`: deciding in the shadow view, where real counters are only read and shadow limits count. */
  private async decideIn(compiled: CompiledPolicy, input: DecideInput, dryRun: boolean, shadowPass: boolean): Promise<PolicyDecision> {
    const name = input.tool.name;
    const shown = input.calledAs ?? name;
    const base = dryRun ? { dryRun: true, revision: compiled.revision } : { revision: compiled.revision };

    const hideIndex = compiled.hide.match(name);
    if (hideIndex !== undefined) {
      const record: DecisionRecord = { action: 'hidden', rule: `hide[${hideIndex}]`, cause: 'hidden', causePath: `hide[${hideIndex}]`, counters: [], ...base };
      return { action: 'hidden', tool: name, message: hiddenText(shown), record };
    }

    const rule = resolveRule(compiled, name, input.tool.riskClass);
    // `decidedBy` is the tool's rule, except when an all_tools limit ran out: then that limit decided.
    const deny = (
      cause: DenialCause,
      causePath: string,
      detail: string,
      counters: CounterTouch[] = [],
      retryAfterSeconds?: number,
      decidedBy: { path: string; reason?: string | undefined } = rule,
    ): PolicyDecision => {
      const record: DecisionRecord = { action: 'deny', rule: decidedBy.path, cause, causePath, detail, counters, ...base };
      if (decidedBy.reason !== undefined) record.reason = decidedBy.reason;
      const decision: DenyDecision = { action: 'deny', tool: name, message: denialText(shown, detail, decidedBy.path, decidedBy.reason), record };
      if (retryAfterSeconds !== undefined) decision.retryAfterSeconds = retryAfterSeconds;
      return decision;
    };

    if (rule.action === 'deny') {
      if (rule.kind === 'default') return deny('default', 'default', this.defaultDenyDetail(compiled));
      const what = rule.kind === 'risk' ? `tools in risk class '${input.tool.riskClass ?? ''}' are denied` : 'its rule denies every call';
      return deny('action', rule.path, what);
    }

    if (rule.validateSchema !== undefined && input.tool.inputSchema !== undefined) {
      const check = await this.schemas.check(input.tool.inputSchema, input.args);
      if (!check.ok) return deny('schema', rule.validateSchema, `the arguments do not match the tool's input schema: ${check.problems.join('; ')}`);
    }

    for (const condition of rule.require) {
      const result = await evaluateCondition(condition, input.args);
      if (result.outcome === 'unknown') return deny('require', condition.rulePath, `${condition.rulePath} could not be checked: ${result.why}`);
      if (result.outcome === 'false') {
        return deny('require', condition.rulePath, `the arguments fail ${condition.rulePath}, which requires that ${describeCondition(condition)}; ${describeActual(condition, input.args)}`);
      }
    }
    for (const condition of rule.denyIf) {
      const result = await evaluateCondition(condition, input.args);
      if (result.outcome === 'unknown') return deny('deny_if', condition.rulePath, `${condition.rulePath} could not be checked: ${result.why}`);
      if (result.outcome === 'true') {
        return deny('deny_if', condition.rulePath, `the arguments match ${condition.rulePath}: ${describeCondition(condition)} (${describeActual(condition, input.args)})`);
      }
    }

    const counters = await this.checkLimits(rule, input, dryRun, shadowPass);
    if ('denial' in counters) {
      const { limit, detail, touches, retryAfterSeconds } = counters.denial;
      const decidedBy = limit.limitPath.startsWith('all_tools.') ? { path: limit.limitPath, reason: compiled.allToolsReason } : rule;
      return deny('limit', limit.limitPath, detail, touches, retryAfterSeconds, decidedBy);
    }

    const record: DecisionRecord = { action: rule.action, rule: rule.path, counters: counters.touches, ...base };
    if (rule.action === 'approve') return { action: 'approve', tool: name, timeoutSeconds: rule.approvalTimeoutSeconds, record, ...(rule.approvalVia ? { via: rule.approvalVia } : {}) };
    return { action: 'allow', tool: name, record };
  }

  /** Team mode, shared store away: fail closed, unless the policy lets this low-risk tool through uncounted. */
  private storeUnreachable(rule: CompiledRule, input: DecideInput, why: string): { touches: CounterTouch[] } | { denial: { limit: CompiledLimit; detail: string; touches: CounterTouch[] } } {
    const policyWide = this.compiled.storeUnreachable === 'allow' && input.tool.riskClass === 'read' ? 'allow' : 'deny';
    if ((rule.storeUnreachable ?? policyWide) === 'allow') return { touches: [] };
    const limit = rule.limits[0] as CompiledLimit;
    return { denial: { limit, detail: `${describeLimit(limit)} cannot be checked: ${why}, so calls under a limit are refused until it is back (store_unreachable: deny)`, touches: [] } };
  }

  private defaultDenyDetail(compiled: CompiledPolicy): string {
    if (compiled.source === DEFAULT_DENY_POLICY) return `server '${this.serverId}' has no policy file yet, so every call is denied`;
    return 'no rule allows this tool (default: deny)';
  }

  private async checkLimits(
    rule: CompiledRule,
    input: DecideInput,
    dryRun: boolean,
    shadowPass: boolean,
  ): Promise<{ touches: CounterTouch[] } | { denial: { limit: CompiledLimit; detail: string; touches: CounterTouch[]; retryAfterSeconds?: number } }> {
    if (rule.limits.length === 0) return { touches: [] };
    const built = buildRequests(rule.limits, input.args, input, this.limitKeys);
    if (!built.ok) return { denial: { limit: built.limit, detail: `${describeLimit(built.limit)} cannot count this call: ${built.problem}`, touches: [] } };
    const now = input.now ?? Date.now();
    let result: ConsumeResult;
    try {
      // In the shadow pass real counters are only read (the enforced decision counts them); shadow limits count once all fit.
      result = await this.counters.consume(built.requests, now, { dryRun: dryRun || shadowPass });
      if (shadowPass && !dryRun && result.admitted) {
        const own = built.requests.filter((_, i) => (rule.limits[i] as CompiledLimit).shadow);
        if (own.length > 0) await this.counters.consume(own, now);
      }
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return this.storeUnreachable(rule, input, error.message);
    }
    const touches = rule.limits.map(
      (limit, i): CounterTouch => ({
        counter: limit.counter,
        scope: limit.scope,
        scopeKey: built.scopeKeys[i] as string,
        limitPath: limit.limitPath,
        windowSeconds: limit.windowSeconds,
        max: limit.max,
        amount: built.amounts[i] as number,
        used: result.used[i] as number,
      }),
    );
    if (result.admitted) return { touches };
    const first = result.blocked[0] as number;
    const limit = rule.limits[first] as CompiledLimit;
    const amount = built.amounts[first] as number;
    const used = result.used[first] as number;
    const retryAfterSeconds = result.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    let state: string;
    if (amount > limit.max) state = `cannot admit this call: it needs ${formatAmount(amount)}`;
    else if (limit.incrementFrom && used < limit.max) state = `has ${formatAmount(limit.max - used)} left and this call needs ${formatAmount(amount)}`;
    else state = 'is used up';
    const detail = `${describeLimit(limit)} ${state}; ${retryText(retryAfterSeconds)}`;
    return { denial: { limit, detail, touches, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } };
  }
}

/** What a shadow view's decision records: the would-be outcome and the rule behind it. */
function shadowVerdict(record: DecisionRecord): ShadowVerdict {
  const verdict: ShadowVerdict = { action: record.action, rule: record.rule };
  if (record.cause !== undefined) verdict.cause = record.cause;
  if (record.causePath !== undefined) verdict.causePath = record.causePath;
  if (record.detail !== undefined) verdict.detail = record.detail;
  return verdict;
}

/** Whether a request decision in the shadow view was made by a shadow rule (only then is it recorded). */
function shadowRuleDecided(view: CompiledPolicy, rulePath: string): boolean {
  const { requests } = view;
  const sections = [requests.sections.completion, requests.sections.logging, requests.sections.sampling, requests.sections.elicitation, requests.sections.roots];
  if (sections.some((rule) => rule.shadow && rule.path === rulePath)) return true;
  for (const section of [requests.resources, requests.prompts]) if (section.shadowPaths.has(rulePath)) return true;
  return false;
}
