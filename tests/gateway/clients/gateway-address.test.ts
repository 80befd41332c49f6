// The address written into a client's config: a wildcard bind is reached on loopback, IPv6
// hosts are bracketed; an address given by hand is reduced to its origin or refused in words.
import { describe, expect, it } from 'vitest';
import { clientFacingUrl, explicitGatewayUrl } from '../../../electron/gateway/clients/gateway-address.js';

describe('clientFacingUrl', () => {
  it.each([
    ['0.0.0.0', 'http://127.0.0.1:7337'],
    ['::', 'http://127.0.0.1:7337'],
    ['', 'http://127.0.0.1:7337'],
    ['127.0.0.1', 'http://127.0.0.1:7337'],
    ['::1', 'http://[::1]:7337'],
    ['gw.local', 'http://gw.local:7337'],
  ])('%j → %s', (host, url) => {
    expect(clientFacingUrl(host, 7337)).toBe(url);
  });
});

describe('explicitGatewayUrl', () => {
  it('keeps the origin of an http(s) address', () => {
    expect(explicitGatewayUrl('https://gw.example:8443/some/path?q=1')).toBe('https://gw.example:8443');
    expect(explicitGatewayUrl('http://127.0.0.1:7337/')).toBe('http://127.0.0.1:7337');
  });

  it('says what is wrong with anything else', () => {
    expect(() => explicitGatewayUrl('localhost 7337')).toThrow("'localhost 7337' is not a URL");
    expect(() => explicitGatewayUrl('ftp://gw.example')).toThrow("'ftp://gw.example' must be an http:// or https:// address");
  });
});
