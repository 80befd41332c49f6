// Turns what went wrong upstream into a JSON-RPC error a client (and a person) can act on,
// with any secret in it masked (the stderr tail is masked as it is kept).
import type { ServerConfig } from '../../../shared/config.js';
import { stripMcpPrefix, type TransportLink } from './connect-upstream.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';

/** A failure to send (an HTTP upstream unreachable, a transport error) as the JSON-RPC error the client gets. */
export function toDownstreamError(error: unknown): DownstreamError {
  const code = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : ErrorCodes.internal;
  // A transport's message may quote the URL it failed on, query string and all.
  return new DownstreamError(code, maskSecretsInText(stripMcpPrefix((error as Error)?.message ?? String(error))), (error as { data?: unknown })?.data);
}

export function timeoutError(serverId: string, method: string, timeoutMs: number): DownstreamError {
  return new DownstreamError(ErrorCodes.requestTimeout, `Upstream server '${serverId}' did not answer ${method} within ${Math.round(timeoutMs / 1000)} s; the request was cancelled.`);
}

export function upstreamGoneError(server: ServerConfig, link: Pick<TransportLink, 'stdio'> | undefined, method: string): DownstreamError {
  return new DownstreamError(ErrorCodes.connectionClosed, `Upstream server '${server.id}' ${describeLoss(link)} while handling ${method}; Portcullis is restarting it.`);
}

export function describeLoss(link: Pick<TransportLink, 'stdio'> | undefined): string {
  const exit = link?.stdio?.exit;
  let text = exit ? `exited unexpectedly (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})` : 'closed the connection';
  const tail = link?.stdio?.stderr.snapshot() ?? [];
  if (tail.length) text += `; last stderr: ${tail.slice(-3).join(' | ')}`;
  return text;
}
