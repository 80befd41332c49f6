// The risk classifier's engine: runs the rules of risk-rules.ts over one tool and
// explains the verdict. All the knowledge is in the rules; see that file's header for
// the procedure (precedence, levels, mismatch).
import { RISK_LEVELS, type RiskClass, type RiskLevel } from '../../../shared/risk.js';
import type { RiskAssessment, ToolListing } from '../../../shared/catalog.js';
import {
  BASE_LEVELS, CLASS_PRECEDENCE, FALLBACK, LEVEL_ADJUSTMENTS, LEVEL_FLOORS, RISK_RULES,
  type LevelAdjustment, type RiskRule,
} from './risk-rules.js';
import { describeAssumptions, type StatedHints } from './annotation-hints.js';
import { toolFeatures } from './tool-features.js';
import { matchEvidence } from './rule-match.js';

interface FiredRule {
  rule: RiskRule;
  evidence: string[];
}

const rank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);
const levelAt = (index: number): RiskLevel => RISK_LEVELS[Math.max(0, Math.min(RISK_LEVELS.length - 1, index))]!;
const severity = (cls: RiskClass): number => CLASS_PRECEDENCE.length - CLASS_PRECEDENCE.indexOf(cls);
const isHintRule = (rule: RiskRule): boolean => rule.match.annotations !== undefined;
const ruleLevel = (rule: RiskRule): RiskLevel => rule.level ?? BASE_LEVELS[rule.class];

const knownVerbsCache = new WeakMap<readonly RiskRule[], Set<string>>();

function knownVerbs(rules: readonly RiskRule[]): Set<string> {
  let verbs = knownVerbsCache.get(rules);
  if (!verbs) {
    verbs = new Set(rules.flatMap((r) => r.match.nameVerbs ?? []));
    knownVerbsCache.set(rules, verbs);
  }
  return verbs;
}

function describe(fired: FiredRule): string {
  return `${fired.evidence.join('; ')} → ${fired.rule.class}: ${fired.rule.reason}`;
}

function hintsHold(wanted: LevelAdjustment['hints'], hints: StatedHints): boolean {
  return Object.entries(wanted).every(([hint, value]) => hints[hint as keyof StatedHints] === value);
}

export function classifyTool(tool: ToolListing, rules: readonly RiskRule[] = RISK_RULES): RiskAssessment {
  const features = toolFeatures(tool, knownVerbs(rules));
  const fire = (rule: RiskRule): FiredRule | undefined => {
    const evidence = matchEvidence(rule.match, features);
    if (evidence.length === 0) return undefined;
    if (rule.unless && matchEvidence(rule.unless, features).length > 0) return undefined;
    return { rule, evidence };
  };

  // Rules that stand on their own first, then those that need another class to have fired.
  const fired = rules.filter((r) => !r.whenAlso).map(fire).filter((f): f is FiredRule => f !== undefined);
  const classesSoFar = new Set(fired.map((f) => f.rule.class));
  for (const rule of rules.filter((r) => r.whenAlso?.some((c) => classesSoFar.has(c)))) {
    const hit = fire(rule);
    if (hit) fired.push(hit);
  }
  // Decisive evidence first: the most severe class, and within it the highest level.
  fired.sort((a, b) => severity(b.rule.class) - severity(a.rule.class) || rank(ruleLevel(b.rule)) - rank(ruleLevel(a.rule)));

  const top = fired[0];
  const cls: RiskClass = top?.rule.class ?? FALLBACK.class;
  const reasons = fired.map(describe);
  if (!top) reasons.push(`${FALLBACK.reason} → ${FALLBACK.class}`);

  // Mismatch: annotations claim less than the name, description or schema say.
  const hints = features.hints;
  const textual = fired.filter((f) => !isHintRule(f.rule));
  const contradicting =
    hints.readOnlyHint === true
      ? textual.filter((f) => f.rule.class !== 'read')
      : hints.destructiveHint === false
        ? textual.filter((f) => f.rule.class === 'destructive')
        : [];
  const mismatch = contradicting.length > 0;
  if (mismatch) {
    const claim = hints.readOnlyHint === true ? 'readOnlyHint: true' : 'destructiveHint: false';
    reasons.push(`mismatch: annotation ${claim}, but ${contradicting[0]!.evidence.join('; ')}`);
  }

  const assumptions = describeAssumptions(hints);
  if (assumptions) reasons.push(assumptions);

  // Level: the strongest evidence, then what stated hints allow, then the class's floor.
  const strongest = fired.reduce<FiredRule | undefined>((best, f) => (best && rank(ruleLevel(best.rule)) >= rank(ruleLevel(f.rule)) ? best : f), undefined);
  let level = rank(strongest ? ruleLevel(strongest.rule) : FALLBACK.level);
  reasons.push(
    strongest?.rule.level
      ? `level ${levelAt(level)}: ${strongest.rule.reason} (rule ${strongest.rule.id})`
      : `level ${levelAt(level)}: the usual level for ${strongest?.rule.class ?? FALLBACK.class}`,
  );
  if (!mismatch) {
    for (const adjustment of LEVEL_ADJUSTMENTS) {
      if (!adjustment.classes.includes(cls) || !hintsHold(adjustment.hints, hints)) continue;
      level += adjustment.step;
      const stated = Object.entries(adjustment.hints).map(([h, v]) => `${h}: ${v}`).join(', ');
      reasons.push(`level ${adjustment.step > 0 ? '+' : '−'}${Math.abs(adjustment.step)}: annotation ${stated}: ${adjustment.reason}`);
    }
  }
  if (level < rank(LEVEL_FLOORS[cls])) {
    level = rank(LEVEL_FLOORS[cls]);
    reasons.push(`level ${levelAt(level)}: the least for ${cls}`);
  }
  if (mismatch) {
    level = Math.max(level + 1, rank('high'));
    reasons.push(`level ${levelAt(level)}: raised because its annotations contradict what it says it does`);
  }

  return { class: cls, level: levelAt(level), reasons, rules: fired.map((f) => f.rule.id), mismatch };
}
