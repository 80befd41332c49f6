import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from '../../../shared/policy/suggest.js';

const KEYS = ['version', 'default', 'tools', 'all_tools', 'hide', 'resources'];

describe('closestMatch', () => {
  it('finds a misspelling within a few edits, ignoring case', () => {
    expect(closestMatch('defualt', KEYS)).toBe('default'); // a transposition is one edit
    expect(closestMatch('dfeualt', KEYS)).toBe('default'); // two swaps: two edits, not four
    expect(closestMatch('Tols', KEYS)).toBe('tools');
    expect(closestMatch('all-tool', KEYS)).toBe('all_tools');
  });

  it('answers nothing for a word too far from every candidate', () => {
    expect(closestMatch('banana', KEYS)).toBeUndefined();
    expect(closestMatch('xy', KEYS)).toBeUndefined();
  });

  it('falls back to a candidate the input starts, from three letters', () => {
    expect(closestMatch('reso', KEYS)).toBe('resources');
    expect(closestMatch('re', ['resources'])).toBeUndefined();
  });

  it('prefers the nearest of several candidates', () => {
    expect(closestMatch('hour', ['hours', 'hourly', 'minute'])).toBe('hours');
  });
});

describe('didYouMean', () => {
  it('is a hint to append, or nothing', () => {
    expect(didYouMean('versoin', KEYS)).toBe(" (did you mean 'version'?)");
    expect(didYouMean('banana', KEYS)).toBe('');
  });
});
