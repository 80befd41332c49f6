// The Api over the headless host: `POST /api/<method>` with the input as JSON, and the
// live events as Server-Sent Events from `GET /api/events`. Auth is the HttpOnly cookie
// the login link set, so same-origin requests carry it without any code here.
import type { ApiEventListener, ApiEventName, ApiEvents, ApiMethod } from '../../../../shared/api.js';
import { createApiClient } from '../../../../shared/api-client.js';
import { ApiError, apiErrorFromResponse } from './api-error.js';
import type { AppClient, ConnectionChange, ConnectionState } from './connection.js';
import { API_EVENT_NAMES } from './methods.js';

/** The part of EventSource this client uses (so tests can hand in a fake). */
export interface EventStreamLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

export interface HttpClientOptions {
  /** Origin (and path prefix) of the host; '' for the page's own origin. */
  baseUrl?: string;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  openEventStream: (url: string) => EventStreamLike;
  /** Delay before reopening a stream the browser gave up on (it retries other drops itself). */
  retryDelayMs?: (attempt: number) => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

const OPEN = 1;
const CLOSED = 2;
const defaultRetryDelay = (attempt: number) => Math.min(10_000, 500 * 2 ** attempt);

export function createHttpClient(options: HttpClientOptions): AppClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));

  async function call(method: ApiMethod, input: unknown): Promise<unknown> {
    try {
      return await send(method, input);
    } catch (error) {
      // A refused sign-in is news for the whole window, whichever call met it first.
      if (error instanceof ApiError && error.code === 'unauthorized' && error.status === 401) events.signedOut();
      throw error;
    }
  }

  async function send(method: ApiMethod, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch (error) {
      throw new ApiError('network', `cannot reach the gateway: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        if (response.ok) throw new ApiError('internal', `the gateway sent a reply that is not JSON for ${method}`, [], response.status);
      }
    }
    if (!response.ok) throw apiErrorFromResponse(response.status, body);
    return body ?? undefined;
  }

  const events = new EventStream(base, options, () => send('getInfo', {}));
  return {
    ...createApiClient(call),
    subscribe: (listener) => events.subscribe(listener),
    transport: 'http',
    onConnection: (listener) => events.onConnection(listener),
  };
}

/** One EventSource shared by every subscriber, open while anyone listens. */
class EventStream {
  private source: EventStreamLike | undefined;
  private readonly listeners = new Set<ApiEventListener>();
  private readonly connectionListeners = new Set<(change: ConnectionChange) => void>();
  private state: ConnectionState = 'connecting';
  private everOpened = false;
  private attempt = 0;
  private retryTimer: unknown;
  private probing = false;

  constructor(
    private readonly base: string,
    private readonly options: HttpClientOptions,
    /** An Api call that tells why the stream failed: it throws `network` or `unauthorized`. */
    private readonly probe: () => Promise<unknown>,
  ) {}

  /** An Api call was refused with 401: the stream will be too; stop it and wait for a sign-in. */
  signedOut(): void {
    if (this.state === 'signed-out') return;
    this.source?.close();
    this.source = undefined;
    this.setState('signed-out', false);
    if (this.retryTimer === undefined) this.scheduleRetry();
  }

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    if (!this.source && this.retryTimer === undefined) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  onConnection(listener: (change: ConnectionChange) => void): () => void {
    this.connectionListeners.add(listener);
    listener({ state: this.state, resumed: false });
    return () => this.connectionListeners.delete(listener);
  }

  private open(): void {
    const source = this.options.openEventStream(`${this.base}/api/events`);
    this.source = source;
    source.onopen = () => {
      this.attempt = 0;
      this.setState('open', this.everOpened);
      this.everOpened = true;
    };
    source.onerror = () => {
      if (source.readyState === CLOSED) {
        // The browser retries dropped streams by itself, but not refused ones (401, 5xx).
        source.close();
        this.source = undefined;
        this.scheduleRetry();
      }
      if (this.state === 'open' || this.state === 'connecting') this.setState('reconnecting', false);
      void this.diagnose(source);
    };
    for (const name of API_EVENT_NAMES) {
      source.addEventListener(name, (event) => this.dispatch(name, event.data));
    }
  }

  /** EventSource hides why it failed: an Api call tells a stopped gateway from a refused sign-in. */
  private async diagnose(source: EventStreamLike): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let state: ConnectionState = 'reconnecting';
    try {
      await this.probe();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'network') state = 'unreachable';
      else if (error instanceof ApiError && error.code === 'unauthorized') state = 'signed-out';
    } finally {
      this.probing = false;
    }
    if (this.source === source && source.readyState === OPEN) return; // it came back meanwhile
    if (state === 'signed-out') return this.signedOut();
    this.setState(state, false);
  }

  private scheduleRetry(): void {
    if (this.listeners.size === 0) return;
    const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(this.attempt++);
    const setTimer = this.options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
    this.retryTimer = setTimer(() => {
      this.retryTimer = undefined;
      if (this.listeners.size > 0) this.open();
    }, delay);
  }

  private stop(): void {
    this.source?.close();
    this.source = undefined;
    if (this.retryTimer !== undefined) (this.options.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.retryTimer);
    this.retryTimer = undefined;
  }

  private dispatch(name: ApiEventName, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // a torn or foreign line: nothing a listener could use
    }
    for (const listener of this.listeners) listener(name, payload as ApiEvents[typeof name]);
  }

  private setState(state: ConnectionState, resumed: boolean): void {
    if (state === this.state && !resumed) return;
    this.state = state;
    for (const listener of this.connectionListeners) listener({ state, resumed });
  }
}
