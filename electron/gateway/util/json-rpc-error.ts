// The JSON-RPC error a client gets from the gateway, and the codes the gateway uses itself.
// Shared by the session's peers and the upstream side, so it lives below both.
export const ErrorCodes = { connectionClosed: -32000, requestTimeout: -32001, internal: -32603 } as const;

/** An Error the SDK's Protocol serialises as { code, message, data } without adding a prefix. */
export class DownstreamError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}
