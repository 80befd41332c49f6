// The MCP both lean bench clients speak on top of their own transport (`request(method, params)`):
// the initialize they send, tools/call and tools/list.
export const PROTOCOL_VERSION = '2025-06-18';

export const INITIALIZE_PARAMS = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'lean-bench', version: '1' } };

export class LeanProtocolClient {
  /** Resolves with the tool's result; a result with isError rejects, so load loops count it as an error. */
  async callTool(name, args) {
    const result = await this.request('tools/call', { name, arguments: args });
    if (result?.isError) throw new Error(`tool error: ${JSON.stringify(result.content).slice(0, 200)}`);
    return result;
  }

  listTools() {
    return this.request('tools/list', {});
  }
}
