// The classifier's rules are data a person edits: these checks catch an edit the engine
// would silently ignore (an empty matcher, an unknown class, a floor above its base level).
import { describe, expect, it } from 'vitest';
import {
  BASE_LEVELS, CLASS_PRECEDENCE, FALLBACK, LEVEL_ADJUSTMENTS, LEVEL_FLOORS, RISK_RULES, type RuleMatch,
} from '../../../electron/gateway/catalog/risk-rules.js';
import { RISK_CLASSES, RISK_LEVELS } from '../../../shared/risk.js';

const hasMatcher = (match: RuleMatch): boolean =>
  Object.values(match).some((m) => (Array.isArray(m) ? m.length > 0 : m !== undefined && Object.keys(m as object).length > 0));

describe('RISK_RULES', () => {
  it('gives every rule an id, a reason and at least one matcher', () => {
    const ids = RISK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RISK_RULES) {
      expect(rule.reason.length).toBeGreaterThan(5);
      expect(Object.values(rule.match).some((m) => (Array.isArray(m) ? m.length > 0 : m !== undefined))).toBe(true);
    }
  });

  it('names only known classes and levels, and an unless or whenAlso that can hit', () => {
    const bad = RISK_RULES.flatMap((rule) => [
      ...(RISK_CLASSES.includes(rule.class) ? [] : [`${rule.id}: class ${rule.class}`]),
      ...(rule.level === undefined || RISK_LEVELS.includes(rule.level) ? [] : [`${rule.id}: level ${rule.level}`]),
      ...(rule.unless === undefined || hasMatcher(rule.unless) ? [] : [`${rule.id}: empty unless`]),
      ...(rule.whenAlso ?? []).filter((c) => !RISK_CLASSES.includes(c)).map((c) => `${rule.id}: whenAlso ${c}`),
    ]);
    expect(bad).toEqual([]);
  });
});

describe('precedence and levels', () => {
  it('orders every class once, most severe first, read last', () => {
    expect([...CLASS_PRECEDENCE].sort()).toEqual([...RISK_CLASSES].sort());
    expect(CLASS_PRECEDENCE[0]).toBe('financial');
    expect(CLASS_PRECEDENCE.at(-1)).toBe('read');
  });

  it('never puts a class\'s floor above its base level', () => {
    for (const cls of RISK_CLASSES) {
      expect(RISK_LEVELS.indexOf(LEVEL_FLOORS[cls]), cls).toBeLessThanOrEqual(RISK_LEVELS.indexOf(BASE_LEVELS[cls]));
    }
  });

  it('falls back to a class that is not read-only, at its base level', () => {
    expect(FALLBACK.class).not.toBe('read');
    expect(FALLBACK.level).toBe(BASE_LEVELS[FALLBACK.class]);
  });

  it('adjusts levels only on stated hints, for known classes, by a real step', () => {
    for (const adjustment of LEVEL_ADJUSTMENTS) {
      expect(Object.keys(adjustment.hints).length, adjustment.id).toBeGreaterThan(0);
      expect(adjustment.classes.every((c) => RISK_CLASSES.includes(c)), adjustment.id).toBe(true);
      expect(adjustment.step, adjustment.id).not.toBe(0);
    }
  });
});
