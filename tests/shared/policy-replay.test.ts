import { expect, it } from 'vitest';
import { DECISION_OUTCOMES, decisionOutcome, transitionKey } from '../../shared/policy-replay.js';

it('tells a refusal by a limit (rate-limited) apart from other denials, and names hidden as hide', () => {
  expect(decisionOutcome({ action: 'deny', cause: 'limit' })).toBe('rate-limited');
  expect(decisionOutcome({ action: 'deny', cause: 'deny_if' })).toBe('deny');
  expect(decisionOutcome({ action: 'hidden', cause: 'hidden' })).toBe('hide');
  expect(decisionOutcome({ action: 'allow' })).toBe('allow');
  expect(decisionOutcome({ action: 'approve' })).toBe('approve');
});

it('DECISION_OUTCOMES lists the five outcomes a tests file may expect', () => {
  expect([...DECISION_OUTCOMES].sort()).toEqual(['allow', 'approve', 'deny', 'hide', 'rate-limited']);
});

it('a transition key reads before → after', () => {
  expect(transitionKey('allow', 'rate-limited')).toBe('allow → rate-limited');
});
