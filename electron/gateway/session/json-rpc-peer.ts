// One end of a JSON-RPC conversation over an MCP transport: requests out (ids, progress,
// a deadline that progress pushes back, cancellation) and requests in (cancellation), with
// messages passed on as they are.
//
// The gateway relays other parties' messages and has nothing to validate in them, so the
// SDK's Protocol (a schema parse of every message and result, AbortControllers and listeners
// per request, on both sides) was most of a relayed call's cost. Both channels of a session use
// this instead, one peer per connection: on the upstream side it does initialize too.
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, Notification, Progress, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';
import { RequestTable } from '../util/request-table.js';
import { DeadlineTimer } from '../util/deadline-timer.js';

type Params = JSONRPCRequest['params'];
type Result = Record<string, unknown>;

export interface OutgoingOptions {
  timeoutMs: number;
  /** The error a request that ran out of time fails with. */
  onTimeout: () => Error;
  /** Cancels the request: the other side hears notifications/cancelled, the promise fails with the reason. */
  cancel?: CancelSource;
  /** Asks for progress (the request's id is its progress token); each one restarts the deadline. */
  onProgress?: (progress: Progress) => void;
  /** Ties the message to a request from the other side (Streamable HTTP sends it on that request's stream). */
  relatedRequestId?: RequestId;
}

/** What a handler of an incoming request gets besides the request. */
export interface IncomingContext extends Cancellation {
  readonly requestId: RequestId;
  /** Aborted when the other side cancels the request or the connection closes. */
  readonly signal: AbortSignal;
  sendNotification(notification: Notification): Promise<void>;
  /**
   * Calls `listener` once the answer has gone out, with the size of its result in bytes of
   * JSON when the transport reports it; with undefined when no result went out (an error, a
   * cancellation, a client gone).
   */
  whenAnswered(listener: (resultBytes: number | undefined) => void): void;
}

/** Cancellation without an AbortController: a request relayed on behalf of a request in is cancelled with it. */
export interface Cancellation {
  readonly cancelled: boolean;
  readonly reason: unknown;
  /** Calls `listener` once on cancellation; returns a function that stops listening. */
  whenCancelled(listener: (reason: unknown) => void): () => void;
}

export type CancelSource = AbortSignal | Cancellation;

export interface JsonRpcPeerOptions {
  /** May resolve with the bytes of JSON the message went out as (see IncomingContext.whenAnswered). */
  send(message: JSONRPCMessage, relatedRequestId?: RequestId): Promise<number | void>;
  onRequest(request: JSONRPCRequest, context: IncomingContext): Promise<Result>;
  onNotification(notification: JSONRPCNotification): void;
}

interface Outgoing {
  method: string;
  resolve(result: Result): void;
  reject(error: unknown): void;
  /** performance.now() past which the request is given up (progress pushes it back). */
  deadline: number;
  timeoutMs: number;
  onTimeout(): unknown;
  onProgress?: (progress: Progress) => void;
  stopListening?: () => void;
  /** Its cancel goes where the request went. */
  relatedRequestId?: RequestId;
}

/** A request in: its cancellation (an AbortController only if someone asks for the signal) and its answer. */
class Incoming implements IncomingContext {
  private controller?: AbortController;
  private listeners?: Set<(reason: unknown) => void>;
  private answeredListeners?: ((resultBytes: number | undefined) => void)[];
  cancelled = false;
  reason: unknown;

  constructor(readonly requestId: RequestId, private readonly peer: JsonRpcPeer) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    this.controller?.abort(reason);
    for (const listener of this.listeners ?? []) listener(reason);
    this.listeners = undefined;
  }

  whenCancelled(listener: (reason: unknown) => void): () => void {
    (this.listeners ??= new Set()).add(listener);
    return () => this.listeners?.delete(listener);
  }

  sendNotification(notification: Notification): Promise<void> {
    return this.peer.notify(notification, this.requestId);
  }

  whenAnswered(listener: (resultBytes: number | undefined) => void): void {
    (this.answeredListeners ??= []).push(listener);
  }

  answered(resultBytes: number | undefined): void {
    for (const listener of this.answeredListeners ?? []) listener(resultBytes);
    this.answeredListeners = undefined;
  }
}

export class JsonRpcPeer {
  private readonly outgoing = new RequestTable<Outgoing>();
  private readonly incoming = new RequestTable<Incoming>();
  private nextId = 1;
  /** Gives up requests out past their deadline: one timer for all of them. */
  private readonly deadlines = new DeadlineTimer((now) => this.giveUpOverdue(now));

  constructor(private readonly options: JsonRpcPeerOptions) {}

  /** Takes one message from the other side; false when it was a response to a request this peer did not send. */
  handle(message: JSONRPCMessage): boolean {
    const m = message as { id?: RequestId; method?: string; params?: Record<string, unknown>; result?: Result; error?: { code: number; message: string; data?: unknown } };
    if (m.method === undefined) return this.settleFromResponse(m);
    if (m.id !== undefined) {
      this.serve(message as JSONRPCRequest);
      return true;
    }
    if (m.method === 'notifications/progress' && this.progress(m.params)) return true;
    if (m.method === 'notifications/cancelled') {
      this.incoming.get(m.params?.requestId)?.cancel(m.params?.reason ?? 'cancelled');
      return true; // its id means nothing to anyone past this peer
    }
    this.options.onNotification(message as JSONRPCNotification);
    return true;
  }

  request(method: string, params: Params, options: OutgoingOptions): Promise<Result> {
    const id: RequestId = this.nextId++;
    if (options.onProgress) params = { ...params, _meta: { ...params?._meta, progressToken: id } };
    return new Promise<Result>((resolve, reject) => {
      const { cancel } = options;
      if (cancel && isCancelled(cancel)) {
        reject(cancel.reason);
        return;
      }
      const entry: Outgoing = {
        method,
        resolve,
        reject,
        deadline: performance.now() + options.timeoutMs,
        timeoutMs: options.timeoutMs,
        onTimeout: options.onTimeout,
        onProgress: options.onProgress,
        stopListening: cancel ? whenCancelled(cancel, (reason) => this.giveUp(id, reason)) : undefined,
        relatedRequestId: options.relatedRequestId,
      };
      this.outgoing.set(id, entry);
      this.deadlines.watch(entry.deadline);
      this.options.send({ jsonrpc: '2.0', id, method, params }, options.relatedRequestId).catch((error: unknown) => this.settle(id)?.reject(error));
    });
  }

  async notify(notification: Notification, relatedRequestId?: RequestId): Promise<void> {
    await this.options.send({ jsonrpc: '2.0', ...notification } as JSONRPCMessage, relatedRequestId);
  }

  /** The connection is gone: requests out fail with `errorFor(method)`, handlers of requests in are cancelled. */
  close(errorFor: (method: string) => Error): void {
    this.deadlines.stop();
    for (const id of this.outgoing.ids()) {
      const entry = this.settle(id);
      entry?.reject(errorFor(entry.method));
    }
    for (const incoming of this.incoming.values()) incoming.cancel('the connection closed');
    this.incoming.clear();
  }

  /** Newest request in from the other side that is still being served (server-to-client messages ride on its stream). */
  newestIncoming(): RequestId | undefined {
    let newest: RequestId | undefined;
    for (const [id, incoming] of this.incoming.entries()) if (!incoming.cancelled) newest = id;
    return newest;
  }

  private serve(request: JSONRPCRequest): void {
    const incoming = new Incoming(request.id, this);
    this.incoming.set(request.id, incoming);
    const reply = (message: JSONRPCMessage) => {
      if (this.incoming.get(request.id) === incoming) this.incoming.delete(request.id);
      // A cancelled request gets no answer (the MCP spec's "SHOULD NOT respond").
      if (incoming.cancelled) return incoming.answered(undefined);
      this.options.send(message).then(
        (bytes) => incoming.answered(typeof bytes === 'number' && 'result' in message ? bytes - envelopeBytes(request.id) : undefined),
        () => incoming.answered(undefined), // the client is gone: nothing to tell it on
      );
    };
    let answer: Promise<Result>;
    try {
      answer = this.options.onRequest(request, incoming);
    } catch (error) {
      answer = Promise.reject(error); // a handler that throws at once still gets its error answered
    }
    answer.then(
      (result) => reply({ jsonrpc: '2.0', id: request.id, result }),
      (error: { code?: unknown; message?: string; data?: unknown }) =>
        reply({
          jsonrpc: '2.0',
          id: request.id,
          error: {
            code: Number.isSafeInteger(error?.code) ? (error.code as number) : ErrorCodes.internal,
            message: error?.message ?? 'Internal error',
            ...(error?.data !== undefined ? { data: error.data } : {}),
          },
        }),
    );
  }

  private settleFromResponse(m: { id?: RequestId; result?: Result; error?: { code: number; message: string; data?: unknown } }): boolean {
    const entry = m.id === undefined ? undefined : this.settle(m.id);
    if (!entry) return false;
    if (m.error) entry.reject(new DownstreamError(m.error.code, m.error.message, m.error.data));
    else if (typeof m.result === 'object' && m.result !== null && !Array.isArray(m.result)) entry.resolve(m.result);
    else entry.reject(new DownstreamError(ErrorCodes.internal, `the answer to ${entry.method} has no result object`));
    return true;
  }

  private progress(params: Record<string, unknown> | undefined): boolean {
    const entry = this.outgoing.get(params?.progressToken);
    if (!entry?.onProgress) return false;
    entry.deadline = performance.now() + entry.timeoutMs;
    const { progressToken: _token, ...progress } = params as Progress & { progressToken: RequestId };
    entry.onProgress(progress as Progress);
    return true;
  }

  /** Stops waiting for `id`: the other side is told, the caller gets `error`. */
  private giveUp(id: RequestId, error: unknown): void {
    const entry = this.settle(id);
    if (!entry) return;
    const reason = String((error as Error)?.message ?? error);
    this.notify({ method: 'notifications/cancelled', params: { requestId: id, reason } }, entry.relatedRequestId).catch(() => undefined);
    entry.reject(error);
  }

  private settle(id: RequestId): Outgoing | undefined {
    const entry = this.outgoing.get(id);
    if (!entry) return undefined;
    this.outgoing.delete(id);
    entry.stopListening?.();
    return entry;
  }

  /** Gives up the requests past their deadline; returns the earliest deadline left. */
  private giveUpOverdue(now: number): number {
    let next = Infinity;
    for (const [id, entry] of this.outgoing.entries()) {
      if (entry.deadline <= now) this.giveUp(id, entry.onTimeout());
      else next = Math.min(next, entry.deadline);
    }
    return next;
  }
}

function isCancelled(source: CancelSource): boolean {
  return source instanceof AbortSignal ? source.aborted : source.cancelled;
}

function whenCancelled(source: CancelSource, listener: (reason: unknown) => void): () => void {
  if (!(source instanceof AbortSignal)) return source.whenCancelled(listener);
  const onAbort = () => listener(source.reason);
  source.addEventListener('abort', onAbort, { once: true });
  return () => source.removeEventListener('abort', onAbort);
}

/** Bytes of `{"jsonrpc":"2.0","id":<id>,"result":…}` around a result, as serve() frames an answer. */
function envelopeBytes(id: RequestId): number {
  return 33 + (typeof id === 'number' ? String(id).length : Buffer.byteLength(JSON.stringify(id)));
}
