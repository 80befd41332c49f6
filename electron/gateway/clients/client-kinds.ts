// The AI clients whose MCP settings Portcullis can import and rewrite, and what sets them apart:
// whether they speak HTTP to an MCP server, whether their files may hold comments, and how
// a URL entry is spelled in their format.

import { CLIENT_IDS, type ClientId } from '../../../shared/clients.js';

export { CLIENT_IDS, type ClientId };

export interface ClientInfo {
  id: ClientId;
  /** What people call it; also the name of the grant Portcullis creates for it. */
  label: string;
  /** Can reach an MCP server by URL. Claude Desktop's config file only spawns commands. */
  httpCapable: boolean;
  /** The client reads its files as JSON with comments (and trailing commas). */
  allowsComments: boolean;
  /** How a URL entry is written: Cursor infers the transport, Windsurf calls the field `serverUrl`. */
  urlEntry: 'type+url' | 'url' | 'serverUrl';
}

const CLIENTS: Record<ClientId, ClientInfo> = {
  'claude-desktop': { id: 'claude-desktop', label: 'Claude Desktop', httpCapable: false, allowsComments: false, urlEntry: 'url' },
  'claude-code': { id: 'claude-code', label: 'Claude Code', httpCapable: true, allowsComments: false, urlEntry: 'type+url' },
  cursor: { id: 'cursor', label: 'Cursor', httpCapable: true, allowsComments: true, urlEntry: 'url' },
  vscode: { id: 'vscode', label: 'VS Code', httpCapable: true, allowsComments: true, urlEntry: 'type+url' },
  windsurf: { id: 'windsurf', label: 'Windsurf', httpCapable: true, allowsComments: false, urlEntry: 'serverUrl' },
};

export function clientInfo(id: ClientId): ClientInfo {
  return CLIENTS[id];
}

export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(value);
}

/** For error messages: `claude-desktop, claude-code, cursor, vscode or windsurf`. */
export function listClientIds(): string {
  return `${CLIENT_IDS.slice(0, -1).join(', ')} or ${CLIENT_IDS[CLIENT_IDS.length - 1]}`;
}
