// The shortcuts table: what the `?` overlay documents is what the key handler does, each view key
// leads to a view that exists, and keys typed into a field are left alone.
import { describe, expect, it } from 'vitest';
import { VIEWS } from '../../../renderer/src/lib/routes.js';
import { SHORTCUTS, VIEW_KEYS, isTypingTarget } from '../../../renderer/src/lib/shortcuts.js';

describe('shortcuts', () => {
  it('documents every view key it handles', () => {
    for (const key of Object.keys(VIEW_KEYS)) expect(SHORTCUTS.some((s) => s.keys.includes(key))).toBe(true);
  });

  it('has a key for every view, and each key leads to a view that exists, under the name it documents', () => {
    expect(Object.values(VIEW_KEYS).sort()).toEqual([...VIEWS].sort());
    for (const [key, view] of Object.entries(VIEW_KEYS)) {
      const documented = SHORTCUTS.find((s) => s.keys.length === 1 && s.keys[0] === key);
      expect(documented?.description.toLowerCase().replace(/ /g, '')).toContain(view === 'policy' ? 'policyeditor' : view === 'try' ? 'tryacall' : view);
    }
  });

  it('no key is documented twice for the same place', () => {
    const seen = SHORTCUTS.map((s) => `${s.scope ?? ''}:${s.keys.join('+')}`);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('leaves keys typed into fields alone', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('an input with no type is a text field; select is typed into; range, radio and submit are not', () => {
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'SEARCH' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(['range', 'radio', 'submit', 'button'].map((type) => isTypingTarget({ tagName: 'INPUT', type }))).toEqual([false, false, false, false]);
    expect(isTypingTarget({})).toBe(false);
  });
});
