// Session taint: what a session has already done changes what it may do next. A session that
// has read untrusted content (an open-world tool: the web, e-mail, issues) and can also send
// data out can be steered by that content; a policy's `taint` rules hold or deny the sending
// once the reading has happened, for the rest of the session.
//
// The state is per downstream session, in memory only, and dropped with the session. On the
// aggregate /mcp endpoint a client's session reaches every server under one id, so a read on
// one server taints calls to another. Each session keeps the first time each distinct tool was
// answered (bounded), so a long session costs a fixed amount.
import type { Policy, TaintMatch, TaintRule } from '../../../shared/policy/types.js';
import type { RiskClass } from '../../../shared/risk.js';
import { globToRegExp, isGlob } from '../../../shared/policy/glob.js';

/** A call the session made that was answered (ok or a tool error: either way its content came back). */
export interface TaintMark {
  server: string;
  tool: string;
  riskClass?: RiskClass;
  openWorldRead: boolean;
  /** ms since the epoch. */
  at: number;
}

/** A taint rule that applies to a call, and the earlier call that set it off. */
export interface TaintHit {
  index: number;
  rule: TaintRule;
  mark: TaintMark;
}

/** Distinct tools remembered per session; past it, the oldest marks give way. */
export const MAX_MARKS_PER_SESSION = 256;

type NameTest = (name: string) => boolean;
interface CompiledMatch {
  tools: { server?: NameTest; tool: NameTest }[];
  classes: ReadonlySet<RiskClass>;
  openWorldRead: boolean;
}
interface CompiledRule {
  index: number;
  rule: TaintRule;
  after: CompiledMatch;
  then: CompiledMatch;
}

const compiled = new WeakMap<Policy, CompiledRule[]>();
const NONE: CompiledRule[] = [];

/** A policy's taint rules, compiled once per policy document. */
export function taintRulesOf(policy: Policy): CompiledRule[] {
  if (!policy.taint || policy.taint.length === 0) return NONE;
  let rules = compiled.get(policy);
  if (!rules) {
    rules = policy.taint.map((rule, index) => ({ index, rule, after: compileMatch(rule.after, true), then: compileMatch(rule.then, false) }));
    compiled.set(policy, rules);
  }
  return rules;
}

export class SessionTaints {
  private readonly marks = new Map<string, TaintMark[]>();

  /** Remembers an answered call (the first time per tool). */
  note(sessionId: string, mark: TaintMark): void {
    let list = this.marks.get(sessionId);
    if (!list) this.marks.set(sessionId, (list = []));
    for (const seen of list) if (seen.tool === mark.tool && seen.server === mark.server) return;
    if (list.length >= MAX_MARKS_PER_SESSION) list.shift();
    list.push(mark);
  }

  /** The first of `rules` whose `then` names this call and whose `after` the session has done. */
  find(sessionId: string, rules: readonly CompiledRule[], server: string, tool: string, riskClass: RiskClass | undefined): TaintHit | undefined {
    const list = this.marks.get(sessionId);
    if (!list) return undefined;
    for (const compiledRule of rules) {
      if (!matchesCall(compiledRule.then, server, tool, riskClass, false)) continue;
      const mark = list.find((m) => matchesCall(compiledRule.after, m.server, m.tool, m.riskClass, m.openWorldRead));
      if (mark) return { index: compiledRule.index, rule: compiledRule.rule, mark };
    }
    return undefined;
  }

  /** What the session has done that a taint rule could match, oldest first. */
  of(sessionId: string): readonly TaintMark[] {
    return this.marks.get(sessionId) ?? [];
  }

  end(sessionId: string): void {
    this.marks.delete(sessionId);
  }
}

/** In words, for the agent and the person: "this session called 'fetch' on 'web' at 10:02:11". */
export function describeTaint(hit: TaintHit): string {
  const time = new Date(hit.mark.at).toISOString().slice(11, 19);
  const because = hit.rule.reason ? `${hit.rule.reason} ` : '';
  return `${because}(this session called '${hit.mark.tool}' on '${hit.mark.server}' at ${time} UTC; rule taint[${hit.index}])`;
}

function compileMatch(match: TaintMatch, qualified: boolean): CompiledMatch {
  return {
    tools: (match.tools ?? []).map((pattern) => {
      const slash = qualified ? pattern.indexOf('/') : -1;
      return slash < 0 ? { tool: nameTest(pattern) } : { server: nameTest(pattern.slice(0, slash)), tool: nameTest(pattern.slice(slash + 1)) };
    }),
    classes: new Set(match.classes ?? []),
    openWorldRead: match.open_world_read === true,
  };
}

function nameTest(pattern: string): NameTest {
  if (!isGlob(pattern)) return (name) => name === pattern;
  const re = globToRegExp(pattern);
  return (name) => re.test(name);
}

function matchesCall(match: CompiledMatch, server: string, tool: string, riskClass: RiskClass | undefined, openWorldRead: boolean): boolean {
  if (match.openWorldRead && openWorldRead) return true;
  if (riskClass !== undefined && match.classes.has(riskClass)) return true;
  return match.tools.some((t) => t.tool(tool) && (t.server === undefined || t.server(server)));
}
