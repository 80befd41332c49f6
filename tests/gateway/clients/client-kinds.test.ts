// The clients Portcullis knows and what sets them apart.
import { describe, expect, it } from 'vitest';
import { CLIENT_IDS, clientInfo, isClientId, listClientIds } from '../../../electron/gateway/clients/client-kinds.js';

describe('client kinds', () => {
  it('describes every client id, under its own id, with a label', () => {
    for (const id of CLIENT_IDS) {
      expect(clientInfo(id).id).toBe(id);
      expect(clientInfo(id).label.length).toBeGreaterThan(0);
    }
    expect(new Set(CLIENT_IDS.map((id) => clientInfo(id).label)).size).toBe(CLIENT_IDS.length); // labels name grants
  });

  it('knows Claude Desktop only spawns commands and Windsurf spells the URL serverUrl', () => {
    expect(clientInfo('claude-desktop').httpCapable).toBe(false);
    expect(clientInfo('windsurf').urlEntry).toBe('serverUrl');
    expect(clientInfo('vscode').allowsComments).toBe(true);
  });

  it('tells a client id from anything else', () => {
    expect(isClientId('cursor')).toBe(true);
    expect(isClientId('Cursor')).toBe(false);
    expect(isClientId('toString')).toBe(false);
  });

  it('lists the ids for an error message, the last after "or"', () => {
    expect(listClientIds()).toBe(`${CLIENT_IDS.slice(0, -1).join(', ')} or ${CLIENT_IDS.at(-1)}`);
    expect(listClientIds()).toMatch(/^claude-desktop, .* or \S+$/);
  });
});
