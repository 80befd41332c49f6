import { describe, expect, it } from 'vitest';
import { visiblePieces, visibleText } from '../../shared/visible-text.js';

describe('visibleText', () => {
  it('shows tag, zero-width and bidi characters as code point markers', () => {
    expect(visibleText('a\u{E0041}b\u200bc\u202e')).toBe('a⟨U+E0041⟩b⟨U+200B⟩c⟨U+202E⟩');
    expect(visiblePieces('x\u200by')).toEqual([{ text: 'x', invisible: false }, { text: '⟨U+200B⟩', invisible: true }, { text: 'y', invisible: false }]);
  });
  it('shows a long whitespace run as one marker, and leaves ordinary spacing alone', () => {
    expect(visibleText(`a${' '.repeat(40)}b`)).toBe('a⟨40 whitespace⟩b');
    expect(visibleText('a\n\n\n\n\nb')).toBe('a⟨5 whitespace, 5 line breaks⟩b');
    expect(visibleText('a  b\n\nc')).toBe('a  b\n\nc');
  });

  it('leaves visible text, accents and other scripts alone', () => {
    expect(visibleText('dеlete café 検索')).toBe('dеlete café 検索');
  });
});
