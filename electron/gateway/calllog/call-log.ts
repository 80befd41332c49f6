// The call log as the gateway uses it: `start()` for a tools/call (with the time it
// arrived), `finish()` when it is answered (or denied, or hidden). It redacts arguments,
// measures latency, writes through the buffered writer, feeds live subscribers,
// and answers queries, stats and exports from memory and the day files.
import type {
  CallCount, CallExportFormat, CallFilter, CallPage, CallQuery, CallRecord, CallStarted, CallStats, CallStatsQuery,
} from '../../../shared/calls.js';
import { callIdTime, createCallIdGenerator } from './call-id.js';
import { exportCalls } from './call-export.js';
import type { CallLogListener } from './call-log-feed.js';
import { CallLogFeed } from './call-log-feed.js';
import type { CallLogSources } from './call-log-scan.js';
import { queryCalls } from './call-log-query.js';
import type { CallLogWriterStatus } from './call-log-writer.js';
import { CallLogWriter } from './call-log-writer.js';
import { callLogDir } from './log-files.js';
import type { RedactOptions } from './redact.js';
import { redactArguments, redactString } from './redact.js';
import { callStats, countCalls } from './call-stats.js';

export interface CallLogOptions {
  dataDir: string;
  /** Days of day files to keep (Settings.logRetentionDays); 0 keeps all. Default 30. */
  retentionDays?: number;
  flushIntervalMs?: number;
  maxBufferedRecords?: number;
  /** Recent records kept in memory for live queries. Default 20,000. */
  recentCapacity?: number;
  /** Caps for argument redaction (extra keys come per call, from the server's policy). */
  redaction?: Omit<RedactOptions, 'extraKeys'>;
  /** Wall clock, epoch ms. */
  now?: () => number;
  onWarning?: (message: string) => void;
}

/** A call as it arrives: the CallStarted fields the log does not assign itself (id, time, redaction). */
export interface CallStartInput extends Pick<CallStarted, 'server' | 'grant' | 'session' | 'client' | 'method' | 'tool' | 'arguments'> {
  /** More argument keys to redact, named by the server's policy. */
  redactKeys?: readonly string[];
}

/** How a call ended: the CallRecord's own fields, plus the timing the log turns into `latency`. */
export type CallOutcome = Pick<CallRecord, 'decision' | 'rule' | 'reason' | 'approval' | 'counters' | 'rateLimit' | 'pin' | 'upstream' | 'error' | 'resultBytes' | 'policyRevision' | 'shadow'> & {
  /** Time spent waiting for the upstream server. Default 0. */
  upstreamMs?: number;
  /** Overrides the measured wall time (replays, tests). */
  totalMs?: number;
};

/** When a call arrived: performance.now() and the wall clock (epoch ms). */
export interface CallArrival {
  startedAt: number;
  ms: number;
}

/** A call between start() and finish(). */
export interface ActiveCall {
  readonly call: CallStarted;
  /** performance.now() at start. */
  readonly startedAt: number;
  /** Set by finish() (a field, not a WeakMap: finish runs on every call). */
  record?: CallRecord;
}

/** Error texts and reasons can echo secrets and be huge: redact and cap them too. */
const MAX_MESSAGE_CHARS = 2048;
function cleanMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const cut = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…[truncated]` : message;
  return redactString(cut);
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export class CallLog {
  private readonly nextId = createCallIdGenerator();
  private readonly sources: CallLogSources;
  private readonly now: () => number;
  /** The last arrival time isoTime() formatted, and its text. */
  private isoMs = NaN;
  private isoText = '';

  private constructor(
    private readonly options: CallLogOptions,
    private readonly writer: CallLogWriter,
    /** The live side (team mode hooks its mirror here). */
    readonly feed: CallLogFeed,
  ) {
    this.now = options.now ?? Date.now;
    const { writer: w, feed: f } = this;
    this.sources = {
      dir: callLogDir(options.dataDir),
      live: { recent: () => f.recent(), completeAbove: () => f.completeAbove(), pending: () => w.pending() },
    };
  }

  /** Creates the logs folder, applies retention and starts the flush timer. */
  static async open(options: CallLogOptions): Promise<CallLog> {
    const dir = callLogDir(options.dataDir);
    const now = options.now ?? Date.now;
    const writer = new CallLogWriter({
      dir,
      flushIntervalMs: options.flushIntervalMs,
      maxBufferedRecords: options.maxBufferedRecords,
      retentionDays: options.retentionDays,
      now,
      onWarning: options.onWarning,
    });
    await writer.start();
    const feed = new CallLogFeed({
      capacity: options.recentCapacity,
      startMs: now(),
      onListenerError: (error) => options.onWarning?.(`A call-log subscriber failed: ${(error as Error).message}`),
    });
    return new CallLog(options, writer, feed);
  }

  /** When a call arrived, taken before the work that decides it; start() may run a moment later. */
  arrival(): CallArrival {
    return { startedAt: performance.now(), ms: this.now() };
  }

  /** Records the arrival of a call and emits `callStarted`. Cheap: one bounded redaction walk. */
  start(input: CallStartInput, arrived: CallArrival = this.arrival()): ActiveCall {
    const { startedAt } = arrived;
    const id = this.nextId(arrived.ms);
    let args: unknown;
    let truncated: true | undefined;
    if (input.arguments !== undefined) {
      const redacted = redactArguments(input.arguments, { ...this.options.redaction, extraKeys: input.redactKeys });
      args = redacted.value;
      if (redacted.truncated) truncated = true;
    }
    // Every record has the same fields in the same order (absent ones undefined, which JSON
    // leaves out): one object shape keeps building, holding and writing records cheap.
    const call: CallStarted = {
      id,
      time: this.isoTime(callIdTime(id)),
      server: input.server,
      grant: input.grant,
      session: input.session,
      client: input.client ? { name: input.client.name, version: input.client.version } : undefined,
      method: input.method,
      tool: input.tool,
      arguments: args,
      argumentsTruncated: truncated,
    };
    const active: ActiveCall = { call, startedAt };
    this.feed.started(call);
    return active;
  }

  /** The ISO form of an arrival time, built once per millisecond (calls arrive several to one). */
  private isoTime(ms: number): string {
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.isoText = new Date(ms).toISOString();
    }
    return this.isoText;
  }

  /** Completes the record, queues it for disk and emits `callFinished`. A second finish is ignored. */
  finish(active: ActiveCall, outcome: CallOutcome): CallRecord {
    if (active.record) return active.record;
    const totalMs = outcome.totalMs ?? performance.now() - active.startedAt;
    const upstreamMs = outcome.upstreamMs ?? 0;
    const waitedMs = outcome.approval?.waitedMs ?? 0;
    const { call } = active;
    const record: CallRecord = {
      id: call.id,
      time: call.time,
      server: call.server,
      grant: call.grant,
      session: call.session,
      client: call.client,
      method: call.method,
      tool: call.tool,
      arguments: call.arguments,
      argumentsTruncated: call.argumentsTruncated,
      decision: outcome.decision,
      upstream: outcome.upstream,
      latency: {
        gatewayMs: round(Math.max(0, totalMs - upstreamMs - waitedMs)),
        upstreamMs: round(upstreamMs),
        totalMs: round(totalMs),
      },
      rule: outcome.rule,
      reason: cleanMessage(outcome.reason),
      approval: outcome.approval ? { ...outcome.approval, reason: cleanMessage(outcome.approval.reason) } : undefined,
      counters: outcome.counters && outcome.counters.length > 0 ? outcome.counters.map((c) => ({ ...c })) : undefined,
      rateLimit: outcome.rateLimit,
      pin: outcome.pin,
      error: cleanMessage(outcome.error),
      resultBytes: outcome.resultBytes,
      policyRevision: outcome.policyRevision,
      shadow: outcome.shadow,
    };
    active.record = record;
    this.writer.append(record);
    this.feed.finished(record);
    return record;
  }

  subscribe(listener: CallLogListener): () => void {
    return this.feed.subscribe(listener);
  }

  query(query: CallQuery): Promise<CallPage> {
    return queryCalls(this.sources, query);
  }

  stats(query: CallStatsQuery): Promise<CallStats> {
    return callStats(this.sources, query, this.now());
  }

  count(filter: CallFilter): Promise<CallCount> {
    return countCalls(this.sources, filter);
  }

  /** JSONL or CSV text chunks, newest first. */
  export(filter: CallFilter, format: CallExportFormat): AsyncGenerator<string> {
    return exportCalls(this.sources, filter, format);
  }

  setRetentionDays(days: number): void {
    this.writer.setRetentionDays(days);
  }

  status(): CallLogWriterStatus & { recent: number } {
    return { ...this.writer.status(), recent: this.feed.size };
  }

  /** Writes buffered records now (synchronously): called just before an answer goes out. */
  writePending(): void {
    this.writer.writePending();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Writes everything buffered; call on shutdown. */
  close(): Promise<void> {
    return this.writer.close();
  }
}

/** Read-only access for a process that is not the gateway (the CLI without `serve`). */
export function callLogReader(dataDir: string): {
  query(query: CallQuery): Promise<CallPage>;
  stats(query: CallStatsQuery): Promise<CallStats>;
  count(filter: CallFilter): Promise<CallCount>;
  export(filter: CallFilter, format: CallExportFormat): AsyncGenerator<string>;
} {
  const sources: CallLogSources = { dir: callLogDir(dataDir) };
  return {
    query: (query) => queryCalls(sources, query),
    stats: (query) => callStats(sources, query),
    count: (filter) => countCalls(sources, filter),
    export: (filter, format) => exportCalls(sources, filter, format),
  };
}
