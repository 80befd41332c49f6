import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../../renderer/src/lib/routes.js';
import { SHORTCUTS, VIEW_KEYS, isTypingTarget } from '../../../renderer/src/lib/shortcuts.js';

describe('routes and shortcuts', () => {
  it('round-trips routes through the hash, calls being the home view', () => {
    expect(parseRoute('')).toEqual({ view: 'calls' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'calls' });
    expect(parseRoute('#/policy/my%20server')).toEqual({ view: 'policy', param: 'my server' });
    expect(routeHash({ view: 'catalog', param: 'a/b' })).toBe('#/catalog/a%2Fb');
    expect(parseRoute(routeHash({ view: 'catalog', param: 'a/b' }))).toEqual({ view: 'catalog', param: 'a/b' });
  });

  it('documents every view key it handles', () => {
    for (const key of Object.keys(VIEW_KEYS)) expect(SHORTCUTS.some((s) => s.keys.includes(key))).toBe(true);
  });

  it('leaves keys typed into fields alone', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
