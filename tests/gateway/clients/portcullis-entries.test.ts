// Recognising entries that already go through Portcullis (import skips them, connect reuses
// their token) and writing one in each client's own format.
import { describe, expect, it } from 'vitest';
import {
  buildPortcullisEntry, DEFAULT_GATEWAY_URL, endpointUrl, gatewayPorts, portcullisTargetOf, tokensIn,
} from '../../../electron/gateway/clients/portcullis-entries.js';

const PORTS = new Set([7337, 9000]);
const LAUNCHER = { command: '/usr/bin/node', args: ['/opt/portcullis/bin/portcullis.js'], env: {} };

describe('portcullisTargetOf', () => {
  it.each([
    [{ command: 'npx', args: ['portcullis', 'connect', 'github'] }, { serverId: 'github' }],
    [{ command: '/usr/bin/node', args: ['/opt/p/bin/portcullis.js', 'connect', 'db', '--url', 'x'] }, { serverId: 'db' }],
    [{ command: 'C:\\tools\\portcullis.cmd', args: ['connect'] }, {}],
    [{ command: 'portcullis', args: ['connect', '--url', 'x'] }, {}],
    // the packaged tray app as its own bridge (electron/main/bridge-mode.ts)
    [{ command: '/Applications/Portcullis.app/Contents/MacOS/Portcullis', args: ['connect', 'db'] }, { serverId: 'db' }],
    [{ command: 'C:\\Users\\a\\AppData\\Local\\Programs\\Portcullis\\Portcullis.exe', args: ['connect', 'db'] }, { serverId: 'db' }],
    [{ command: '/opt/Portcullis/portcullis-desktop', args: ['connect', 'db'] }, { serverId: 'db' }],
    [{ command: '/home/a/Apps/Portcullis-0.1.0-linux-x86_64.AppImage', args: ['connect', 'db'] }, { serverId: 'db' }],
    [{ url: 'http://127.0.0.1:7337/mcp/my%20db' }, { serverId: 'my db' }],
    [{ serverUrl: 'http://localhost:9000/mcp/' }, {}],
  ])('recognises %j', (entry, target) => {
    expect(portcullisTargetOf(entry, PORTS)).toEqual(target);
  });

  it.each([
    [{ command: 'npx', args: ['other-server', 'connect', 'x'] }],
    [{ command: 'portcullis', args: ['serve'] }],
    [{ command: '/opt/portcullis-other/server', args: ['connect', 'x'] }],
    [{ url: 'http://127.0.0.1:8080/mcp' }], // another local server on another port
    [{ url: 'http://example.com:7337/mcp' }],
    [{ url: 'http://127.0.0.1:7337/api/mcp' }],
    [{ url: 'not a url' }],
    [{}],
  ])('leaves %j alone', (entry) => {
    expect(portcullisTargetOf(entry, PORTS)).toBeUndefined();
  });
});

describe('tokensIn', () => {
  it('finds a bearer header (any case), PORTCULLIS_TOKEN and --token', () => {
    expect(tokensIn({ headers: { authorization: ' bearer abc ' }, env: { PORTCULLIS_TOKEN: 'def' }, args: ['connect', 'x', '--token', 'ghi'] })).toEqual(['abc', 'def', 'ghi']);
  });

  it('finds nothing in other headers, non-bearer schemes or a dangling --token', () => {
    expect(tokensIn({ headers: { 'X-Token': 'Bearer abc', Authorization: 'Basic xyz' }, args: ['--token'] })).toEqual([]);
  });
});

describe('gatewayPorts', () => {
  it('always has 7337, adds ports from numbers and URLs (scheme defaults too), ignores junk', () => {
    expect([...gatewayPorts(9000, 'http://127.0.0.1:8123', 'https://gw.example', 'http://plain', 'junk', undefined)].sort())
      .toEqual([443, 7337, 80, 8123, 9000].sort());
  });
});

describe('endpointUrl and buildPortcullisEntry', () => {
  it('encodes the server id in the endpoint and drops any path of the base', () => {
    expect(endpointUrl('http://127.0.0.1:7337/some/path', 'a b')).toBe('http://127.0.0.1:7337/mcp/a%20b');
  });

  it('writes each HTTP client\'s own URL field with a bearer header', () => {
    const options = { target: { baseUrl: 'http://127.0.0.1:9000' }, token: 'tok', launcher: LAUNCHER };
    const headers = { Authorization: 'Bearer tok' };
    const url = 'http://127.0.0.1:9000/mcp/gh';
    expect(buildPortcullisEntry('vscode', 'gh', options)).toEqual({ type: 'http', url, headers });
    expect(buildPortcullisEntry('claude-code', 'gh', options)).toEqual({ type: 'http', url, headers });
    expect(buildPortcullisEntry('cursor', 'gh', options)).toEqual({ url, headers });
    expect(buildPortcullisEntry('windsurf', 'gh', { ...options, disabled: true })).toEqual({ serverUrl: url, headers, disabled: true });
  });

  it('gives Claude Desktop the bridge command, with --url only off the default address', () => {
    const onDefault = buildPortcullisEntry('claude-desktop', 'gh', { target: { baseUrl: DEFAULT_GATEWAY_URL }, token: 'tok', launcher: { ...LAUNCHER, env: { ELECTRON_RUN_AS_NODE: '1' } } });
    expect(onDefault).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/portcullis/bin/portcullis.js', 'connect', 'gh'],
      env: { ELECTRON_RUN_AS_NODE: '1', PORTCULLIS_TOKEN: 'tok' },
    });
    const elsewhere = buildPortcullisEntry('claude-desktop', 'gh', { target: { baseUrl: 'http://127.0.0.1:9000/' }, token: 'tok', launcher: LAUNCHER });
    expect(elsewhere.args).toEqual(['/opt/portcullis/bin/portcullis.js', 'connect', 'gh', '--url', 'http://127.0.0.1:9000']);
  });
});
