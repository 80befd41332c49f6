// Which re-classified risks count as riskier for `block-riskier`.
import { describe, expect, it } from 'vitest';
import { isRiskier } from '../../../electron/gateway/catalog/pin-verdict.js';

describe('isRiskier', () => {
  it('a higher level or a more severe class is riskier', () => {
    expect(isRiskier({ class: 'read', level: 'low' }, { class: 'read', level: 'medium' })).toBe(true);
    expect(isRiskier({ class: 'read', level: 'high' }, { class: 'write', level: 'low' })).toBe(true);
    expect(isRiskier({ class: 'destructive', level: 'high' }, { class: 'financial', level: 'high' })).toBe(true);
  });

  it('the same or lower is not', () => {
    expect(isRiskier({ class: 'write', level: 'medium' }, { class: 'write', level: 'medium' })).toBe(false);
    expect(isRiskier({ class: 'execute', level: 'critical' }, { class: 'read', level: 'low' })).toBe(false);
  });
});
