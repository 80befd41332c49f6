import { describe, expect, it } from 'vitest';
import { openInBrowser } from '../../../../electron/gateway/upstream/oauth/open-browser.js';

describe('openInBrowser', () => {
  it('hands only http(s) URLs to the system opener', () => {
    expect(openInBrowser('file:///etc/passwd')).toBe(false);
    expect(openInBrowser('javascript:alert(1)')).toBe(false);
  });
});
