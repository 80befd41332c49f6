// What a client says about itself is cut to a display length once, at initialize.
import { describe, expect, it } from 'vitest';
import { boundInitialize, MAX_CLIENT_STRING, truncateForDisplay } from '../../../electron/gateway/downstream/client-strings.js';
import type { InitializeParams } from '../../../electron/gateway/session/gateway-session.js';

describe('truncateForDisplay', () => {
  it('leaves a text of at most max characters as it is', () => {
    expect(truncateForDisplay('Claude Desktop')).toBe('Claude Desktop');
    const exact = 'a'.repeat(MAX_CLIENT_STRING);
    expect(truncateForDisplay(exact)).toBe(exact);
  });

  it('cuts a longer text to exactly max characters ending in an ellipsis', () => {
    const cut = truncateForDisplay('a'.repeat(MAX_CLIENT_STRING + 1));
    expect(cut).toHaveLength(MAX_CLIENT_STRING);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateForDisplay('abcdefgh', 5)).toBe('abcd…');
  });

  it('does not split an emoji (a surrogate pair) at the cut', () => {
    // 'ab' then an emoji spanning units 2 and 3: cutting at max 4 would keep only its high half.
    const cut = truncateForDisplay('ab😀cdef', 4);
    expect(cut).toBe('ab…');
    expect(/[\ud800-\udbff]$/.test(cut.slice(0, -1))).toBe(false); // no lone high surrogate before the marker
  });
});

describe('boundInitialize', () => {
  const long = 'x'.repeat(3 * 1024 * 1024);
  const params = (clientInfo: unknown): InitializeParams => ({ protocolVersion: '2025-06-18', capabilities: {}, clientInfo } as unknown as InitializeParams);

  it("cuts clientInfo's five display strings and keeps the rest of the params", () => {
    const bounded = boundInitialize(params({ name: long, version: long, title: long, description: long, websiteUrl: long }));
    expect(bounded.protocolVersion).toBe('2025-06-18');
    expect(bounded.capabilities).toEqual({});
    for (const key of ['name', 'version', 'title', 'description', 'websiteUrl'] as const) {
      expect((bounded.clientInfo as unknown as Record<string, string>)[key]).toHaveLength(MAX_CLIENT_STRING);
    }
  });

  it('drops icons, unknown keys and values that are not strings', () => {
    const bounded = boundInitialize(params({ name: 'cli', version: 3, icons: [{ src: long }], extra: long }));
    expect(bounded.clientInfo).toEqual({ name: 'cli' });
  });

  it('returns params without clientInfo unchanged', () => {
    const given = params(undefined);
    expect(boundInitialize(given)).toBe(given);
  });
});
