// Calls as OpenTelemetry spans, sent over OTLP/HTTP to a collector: off by default, on when an
// endpoint is set (setting `otlpEndpoint`, `serve --otlp`, or PORTCULLIS_OTLP_ENDPOINT).
//
// Spans are made from finished call records (the call log's event), after the answer has gone
// to the client, and batched by the SDK: nothing on the call's own path waits for a collector.
// The SDK is imported only when tracing is switched on, so a desktop without it loads none of it.
// Headers (e.g. an API key for a hosted collector) come from the standard OTEL_EXPORTER_OTLP_HEADERS
// environment variable, which the exporter reads itself: no secret goes into config.json.
import { randomUUID } from 'node:crypto';
import type { CallRecord } from '../../../shared/calls.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';
import { callSpan } from './call-span.js';

export interface CallTracingOptions {
  /** `service.version` on every span. */
  version: string;
  log?: (message: string) => void;
}

interface Exporting {
  endpoint: string;
  record(record: CallRecord): void;
  shutdown(): Promise<void>;
}

export class CallTracing {
  private current?: Exporting;
  /** The endpoint being switched to; a newer switch wins over one still loading the SDK. */
  private wanted = '';
  private readonly instanceId = randomUUID();

  constructor(private readonly options: CallTracingOptions) {}

  get endpoint(): string | undefined {
    return this.current?.endpoint;
  }

  /** Start, stop or move the export. An empty endpoint switches it off. */
  async configure(endpoint: string): Promise<void> {
    const url = endpoint ? tracesUrl(endpoint) : '';
    if (url === this.wanted) return;
    this.wanted = url;
    const previous = this.current;
    this.current = undefined;
    await previous?.shutdown();
    if (!url) return;
    const next = await startExporting(url, this.options.version, this.instanceId);
    if (this.wanted !== url) {
      await next.shutdown();
      return;
    }
    this.current = next;
    this.options.log?.(`exporting calls as OpenTelemetry spans to ${maskSecretsInText(url)}`);
  }

  record(record: CallRecord): void {
    this.current?.record(record);
  }

  /** Sends what is batched, then stops. */
  async close(): Promise<void> {
    this.wanted = '';
    const previous = this.current;
    this.current = undefined;
    await previous?.shutdown();
  }
}

/**
 * An OTLP/HTTP endpoint as people write it: a collector's base URL (`http://host:4318`) gets
 * the traces path; a URL with a path is used as given.
 */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`OTLP endpoint must be an http(s) URL, not ${url.protocol}`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return url.toString();
}

async function startExporting(url: string, version: string, instanceId: string): Promise<Exporting> {
  const [{ SpanKind, SpanStatusCode }, { BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'portcullis', 'service.version': version, 'service.instance.id': instanceId }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1000 })],
  });
  const tracer = provider.getTracer('portcullis', version);
  return {
    endpoint: url,
    record(record) {
      const span = callSpan(record);
      const otel = tracer.startSpan(span.name, { kind: SpanKind.SERVER, startTime: span.startTime, attributes: span.attributes });
      if (span.errorType) {
        otel.setAttribute('error.type', span.errorType);
        otel.setStatus({ code: SpanStatusCode.ERROR });
      }
      otel.end(span.endTime);
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
}
