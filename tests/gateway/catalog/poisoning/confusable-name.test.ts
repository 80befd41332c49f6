import { describe, expect, it } from 'vitest';
import { confusableName, lookAlike, skeleton } from '../../../../electron/gateway/catalog/poisoning/confusable-name.js';

describe('confusableName (Unicode confusables through the confusables package)', () => {
  it('covers Cyrillic, Greek, fullwidth and mathematical look-alikes', () => {
    for (const [char, base] of [['е', 'e'], ['а', 'a'], ['о', 'o'], ['р', 'p'], ['с', 'c'], ['і', 'i'], ['ο', 'o'], ['α', 'a'], ['ｄ', 'd'], ['𝚍', 'd']]) {
      expect(lookAlike(char!), char).toBe(base);
    }
    expect(lookAlike('e')).toBeUndefined();
  });

  it("flags a Cyrillic е in 'dеlete_all', highlighting the character", () => {
    const [flag, ...rest] = confusableName('d\u0435lete_all');
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ kind: 'confusable-name', field: 'name', text: '\u0435', at: 1 });
    expect(flag!.reason).toContain("U+0435");
    expect(flag!.reason).toContain("reads as 'delete_all'");
  });

  it('leaves ASCII names and non-Latin names with no Latin look-alike alone', () => {
    expect(confusableName('odoo_search_read')).toEqual([]);
    expect(confusableName('get-env')).toEqual([]);
    expect(confusableName('検索')).toEqual([]);
  });

  it('gives the skeleton a reader sees', () => {
    expect(skeleton('ｓｅｎｄ_Email')).toBe('send_email');
  });
});
