// What one finished call looks like as an OpenTelemetry span, as plain data: kept apart from
// the SDK so the mapping is testable without an exporter, and the SDK is loaded only when
// tracing is on. Follows the semantic conventions for MCP (open-telemetry/semantic-conventions-genai,
// docs/gen-ai/mcp.md, "Server" spans): name `{mcp.method.name} {target}`, kind SERVER,
// `mcp.method.name`, `mcp.session.id`, `gen_ai.tool.name`, `gen_ai.operation.name`, `error.type`.
// Portcullis's own facts go under `portcullis.*`.
//
// Never exported: the arguments (not even redacted), the reason the agent was told and the
// upstream's error text — either may echo an argument value.
import { callVerdict, type CallRecord, type CallVerdict } from '../../../shared/calls.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';

export type SpanAttributeValue = string | number | boolean;

export interface CallSpan {
  name: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  endTime: number;
  attributes: Record<string, SpanAttributeValue>;
  /** Set when the client got a failure: a refusal, or the upstream failed. */
  errorType?: string;
}

/** Verdicts under which the upstream's answer reaches the client; every other one is a refusal. */
const PASSED: ReadonlySet<CallVerdict> = new Set(['allowed', 'approved', 'approval-pending']);

export function callSpan(record: CallRecord): CallSpan {
  const method = record.method ?? 'tools/call';
  const verdict = callVerdict(record);
  const attributes: Record<string, SpanAttributeValue> = {
    'mcp.method.name': method,
    'mcp.session.id': record.session,
    'portcullis.call.id': record.id,
    'portcullis.server': record.server,
    'portcullis.grant': record.grant,
    'portcullis.decision': record.decision,
    'portcullis.verdict': verdict,
    'portcullis.upstream.outcome': record.upstream,
    'portcullis.latency.gateway_ms': record.latency.gatewayMs,
    'portcullis.latency.upstream_ms': record.latency.upstreamMs,
  };
  let target: string | undefined;
  if (method === 'tools/call') {
    target = record.tool;
    attributes['gen_ai.operation.name'] = 'execute_tool';
    attributes['gen_ai.tool.name'] = record.tool;
  } else if (method === 'prompts/get') {
    target = record.tool;
    attributes['gen_ai.prompt.name'] = record.tool;
  } else if (method.startsWith('resources/')) {
    // A URI is high-cardinality (not in the span name) and may carry a key in its query.
    attributes['mcp.resource.uri'] = maskSecretsInText(record.tool);
  }
  if (record.rule) attributes['portcullis.rule'] = record.rule;
  if (record.client) {
    attributes['portcullis.client.name'] = record.client.name;
    attributes['portcullis.client.version'] = record.client.version;
  }
  if (record.approval) {
    attributes['portcullis.approval.outcome'] = record.approval.outcome;
    attributes['portcullis.approval.waited_ms'] = record.approval.waitedMs;
  }
  if (record.pin) attributes['portcullis.pin'] = record.pin;
  if (record.resultBytes !== undefined) attributes['portcullis.result.bytes'] = record.resultBytes;

  const startTime = Date.parse(record.time);
  return {
    name: target ? `${method} ${target}` : method,
    startTime,
    endTime: startTime + record.latency.totalMs,
    attributes,
    errorType: errorTypeOf(record, verdict),
  };
}

function errorTypeOf(record: CallRecord, verdict: CallVerdict): string | undefined {
  if (!PASSED.has(verdict)) return `portcullis.${verdict}`;
  // The conventions' value for a result with isError: true.
  if (record.upstream === 'tool-error') return 'tool_error';
  if (record.upstream === 'protocol-error') return 'protocol_error';
  if (record.upstream === 'timeout') return 'timeout';
  return undefined;
}
