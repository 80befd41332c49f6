// Limits as the engine uses them: compiled once per policy, turned into counter requests
// per call, and described in words for denials.
import { parseArgPath, readArgPath, type ArgPathSegment } from '../../../shared/policy/arg-path.js';
import { showValue } from '../../../shared/policy/json-path.js';
import type { LimitScope, PolicyLimit, RateLimitShorthand } from '../../../shared/policy/types.js';
import { describeWindow, windowSeconds } from '../../../shared/policy/window.js';
import { asNumber } from './conditions.js';
import { counterKey, type CounterRequest } from './counter-store.js';

export interface CompiledLimit {
  /** Where it is written: `tools.x.limits[0]`, `all_tools.limits[1]`, `tools.x.rate_limit`. */
  limitPath: string;
  counter: string;
  scope: LimitScope;
  windowSeconds: number;
  windowMs: number;
  max: number;
  incrementFrom?: { path: string; segments: ArgPathSegment[] };
  /** The longest window of any limit on this counter in the policy (how long its log is kept). */
  retainMs: number;
  /** A shadow limit: counted in a counter of its own (`shadow:<counter>`), never refuses a call. */
  shadow: boolean;
}

export function compileLimit(limit: PolicyLimit, limitPath: string, shadow = false): CompiledLimit {
  const seconds = windowSeconds(limit.window);
  const compiled: CompiledLimit = {
    limitPath,
    counter: limit.counter,
    scope: limit.scope ?? 'grant',
    windowSeconds: seconds,
    windowMs: seconds * 1000,
    max: limit.max,
    retainMs: seconds * 1000,
    shadow,
  };
  if (limit.increment_from !== undefined) {
    const parsed = parseArgPath(limit.increment_from);
    if (!parsed.ok) throw new Error(`${limitPath}.increment_from: ${parsed.message}`);
    compiled.incrementFrom = { path: limit.increment_from, segments: parsed.segments };
  }
  return compiled;
}

/** `rate_limit: {max, window}` is one call-count limit whose counter is named after the rule's path. */
export function compileRateLimit(rate: RateLimitShorthand, rulePath: string, shadow = false): CompiledLimit {
  const limitPath = `${rulePath}.rate_limit`;
  return compileLimit({ counter: limitPath, window: rate.window, max: rate.max, scope: rate.scope ?? 'grant' }, limitPath, shadow);
}

export interface CallIdentity {
  grant: string;
  sessionId: string;
}

export function scopeKey(scope: LimitScope, call: CallIdentity): string {
  return scope === 'grant' ? `grant:${call.grant}` : scope === 'session' ? `session:${call.sessionId}` : 'global';
}

interface LimitKeys {
  scopeKey: string;
  /** The counter store's key (counterKey): a JSON text, too dear to build on every call. */
  key: string;
}

/** Keys kept per limit; session-scoped limits meet a new session now and then, so the memo is bounded. */
const MAX_KEYS_PER_LIMIT = 1000;

/**
 * The keys of each limit for each grant or session, built once. One memo per engine: its
 * compiled limits belong to that engine's server (a new policy brings new limits).
 */
export class LimitKeyMemo {
  private readonly byLimit = new WeakMap<CompiledLimit, Map<string, LimitKeys>>();

  constructor(private readonly serverId: string) {}

  keysOf(limit: CompiledLimit, call: CallIdentity): LimitKeys {
    const who = limit.scope === 'grant' ? call.grant : limit.scope === 'session' ? call.sessionId : '';
    let keys = this.byLimit.get(limit);
    if (!keys) this.byLimit.set(limit, (keys = new Map()));
    let known = keys.get(who);
    if (!known) {
      if (keys.size >= MAX_KEYS_PER_LIMIT) keys.clear();
      const scope = scopeKey(limit.scope, call);
      known = { scopeKey: scope, key: counterKey(this.serverId, limit.shadow ? `shadow:${limit.counter}` : limit.counter, scope) };
      keys.set(who, known);
    }
    return known;
  }
}

export type LimitRequests =
  | { ok: true; requests: CounterRequest[]; scopeKeys: string[]; amounts: number[] }
  | { ok: false; limit: CompiledLimit; problem: string };

/** One counter request per limit; fails when an `increment_from` argument is not a usable amount. */
export function buildRequests(limits: readonly CompiledLimit[], args: unknown, call: CallIdentity, memo: LimitKeyMemo): LimitRequests {
  const requests: CounterRequest[] = [];
  const scopeKeys: string[] = [];
  const amounts: number[] = [];
  for (const limit of limits) {
    let amount = 1;
    if (limit.incrementFrom) {
      const raw = readArgPath(args, limit.incrementFrom.segments);
      const value = asNumber(raw);
      if (raw === undefined) return { ok: false, limit, problem: `${limit.incrementFrom.path} is missing, and this limit counts it` };
      if (value === undefined || value < 0) {
        return { ok: false, limit, problem: `${limit.incrementFrom.path} is ${showValue(raw)}, but this limit counts it and needs a number of 0 or more` };
      }
      amount = value;
    }
    const keys = memo.keysOf(limit, call);
    scopeKeys.push(keys.scopeKey);
    amounts.push(amount);
    requests.push({ key: keys.key, windowMs: limit.windowMs, max: limit.max, amount, retainMs: limit.retainMs });
  }
  return { ok: true, requests, scopeKeys, amounts };
}

/** "rate limit 'x' (10 per minute per grant)" or "limit 'spend' (100 of args.amount per day per grant)". */
export function describeLimit(limit: CompiledLimit): string {
  const scope = limit.scope === 'global' ? 'in total' : `per ${limit.scope}`;
  const what = limit.incrementFrom ? `${formatAmount(limit.max)} of ${limit.incrementFrom.path}` : formatAmount(limit.max);
  return `${limit.incrementFrom ? 'limit' : 'rate limit'} '${limit.counter}' (${what} per ${describeWindow(limit.windowSeconds)} ${scope})`;
}

export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}
