import { afterEach, describe, expect, test, vi } from 'vitest';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { JsonRpcPeer, type IncomingContext, type JsonRpcPeerOptions, type OutgoingOptions } from '../../../electron/gateway/session/json-rpc-peer.js';
import { DownstreamError } from '../../../electron/gateway/util/json-rpc-error.js';

interface Sent {
  message: JSONRPCMessage;
  relatedRequestId?: RequestId;
}

type Overrides = Partial<Omit<JsonRpcPeerOptions, 'send'>> & { sendError?: unknown };

/** A peer whose `send` records every message (and rejects with `sendError` when given). */
function makePeer(overrides: Overrides = {}) {
  const { sendError, ...options } = overrides;
  const sent: Sent[] = [];
  const notifications: JSONRPCNotification[] = [];
  const peer = new JsonRpcPeer({
    send: async (message, relatedRequestId) => {
      sent.push({ message, relatedRequestId });
      if (sendError !== undefined) throw sendError;
    },
    onRequest: async () => ({}),
    onNotification: (notification) => notifications.push(notification),
    ...options,
  });
  return { peer, sent, notifications, messages: () => sent.map((s) => s.message) };
}

function outgoing(overrides: Partial<OutgoingOptions> = {}): OutgoingOptions {
  return { timeoutMs: 60_000, onTimeout: () => new Error('timed out'), ...overrides };
}

/** Records how a promise settled, so a test can check it is still pending. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** A promise the test resolves or rejects by hand (a handler that is still working). */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Captured before any test fakes timers, so it always lets pending promise callbacks run.
const realSetImmediate = setImmediate;
const flush = () => new Promise<void>((resolve) => realSetImmediate(resolve));

const cancelled = (requestId: RequestId, reason?: string): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, ...(reason ? { reason } : {}) } });
const request = (id: RequestId, method = 'tools/call', params: Record<string, unknown> = {}): JSONRPCRequest => ({ jsonrpc: '2.0', id, method, params });

afterEach(() => {
  vi.useRealTimers();
});

describe('JsonRpcPeer requests out', () => {
  test('sends a JSON-RPC request with numeric ids and resolves with the result', async () => {
    const { peer, messages } = makePeer();
    const first = peer.request('tools/list', { cursor: 'c1' }, outgoing());
    const second = peer.request('tools/call', { name: 'echo' }, outgoing());
    expect(messages()).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 'c1' } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo' } },
    ]);
    expect(peer.handle({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'two' }] } })).toBe(true);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: { tools: [] } })).toBe(true);
    await expect(first).resolves.toEqual({ tools: [] });
    await expect(second).resolves.toEqual({ content: [{ type: 'text', text: 'two' }] });
  });

  test('an error response rejects with a DownstreamError carrying code, message and data', async () => {
    const { peer } = makePeer();
    const pending = peer.request('tools/call', { name: 'x' }, outgoing());
    expect(peer.handle({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'bad arguments', data: { field: 'name' } } })).toBe(true);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamError);
    expect(error).toMatchObject({ code: -32602, message: 'bad arguments', data: { field: 'name' } });
  });

  test.each([
    ['a number', 5],
    ['null', null],
    ['an array', []],
    ['a string', 'ok'],
  ])('a result that is %s rejects with -32603', async (_label, result) => {
    const { peer } = makePeer();
    const pending = peer.request('tools/list', undefined, outgoing());
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result } as unknown as JSONRPCMessage)).toBe(true);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamError);
    expect((error as DownstreamError).code).toBe(-32603);
    expect((error as DownstreamError).message).toContain('tools/list');
  });

  test('handle() is false for a response nobody is waiting for, including a second answer', async () => {
    const { peer, notifications } = makePeer();
    expect(peer.handle({ jsonrpc: '2.0', id: 99, result: {} })).toBe(false);
    expect(peer.handle({ jsonrpc: '2.0', id: 99, error: { code: -1, message: 'x' } })).toBe(false);
    const pending = peer.request('ping', undefined, outgoing());
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(true);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);
    await expect(pending).resolves.toEqual({});
    expect(notifications).toEqual([]);
  });

  test('a settled request leaves nothing to fire: the shared deadline timer comes due, finds no one, and is not set again', async () => {
    vi.useFakeTimers();
    const { peer, messages } = makePeer();
    const pending = peer.request('ping', undefined, outgoing({ timeoutMs: 1000 }));
    expect(vi.getTimerCount()).toBe(1);
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
    expect(messages()).toHaveLength(1); // no cancel went out
  });

  test('requests in flight share one timer, set for the earliest deadline', async () => {
    vi.useFakeTimers();
    const { peer } = makePeer();
    const late = track(peer.request('tools/call', { name: 'a' }, outgoing({ timeoutMs: 5000, onTimeout: () => new Error('late') })));
    const early = track(peer.request('tools/call', { name: 'b' }, outgoing({ timeoutMs: 1000, onTimeout: () => new Error('early') })));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(early).toMatchObject({ settled: true, error: { message: 'early' } });
    expect(late.settled).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(3999);
    expect(late.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(late).toMatchObject({ settled: true, error: { message: 'late' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a send() that rejects makes request() reject with that error', async () => {
    vi.useFakeTimers();
    const broken = new Error('pipe broken');
    const { peer, messages } = makePeer({ sendError: broken });
    await expect(peer.request('tools/list', undefined, outgoing({ timeoutMs: 1000 }))).rejects.toBe(broken);
    expect(messages()).toHaveLength(1);
    // The request is forgotten: its deadline gives up no one, a late answer is not ours.
    await vi.advanceTimersByTimeAsync(1000);
    expect(messages()).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);
  });

  test('relatedRequestId is passed to send', async () => {
    const { peer, sent } = makePeer();
    const pending = peer.request('sampling/createMessage', {}, outgoing({ relatedRequestId: 'in-7' }));
    expect(sent[0]?.relatedRequestId).toBe('in-7');
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
  });

  test('its cancel goes where the request went (the stream of the request in it belongs to)', async () => {
    const { peer, sent } = makePeer();
    const signal = new AbortController();
    const pending = track(peer.request('sampling/createMessage', {}, outgoing({ relatedRequestId: 'in-7', cancel: signal.signal })));
    signal.abort('the upstream gave up');
    await flush();
    expect(pending.error).toBe('the upstream gave up');
    expect(sent[1]).toEqual({ message: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'the upstream gave up' } }, relatedRequestId: 'in-7' });
  });
});

describe('JsonRpcPeer deadlines and progress', () => {
  test('after timeoutMs the request fails with onTimeout() and the other side is told', async () => {
    vi.useFakeTimers();
    const { peer, messages } = makePeer();
    const timeout = new Error('no answer in time');
    const onTimeout = vi.fn(() => timeout);
    const state = track(peer.request('tools/call', { name: 'slow' }, outgoing({ timeoutMs: 1000, onTimeout })));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.settled).toBe(false);
    expect(onTimeout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(state).toEqual({ settled: true, error: timeout });
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(messages()[1]).toMatchObject({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
    expect(messages()).toHaveLength(2);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);
  });

  test('progress reaches onProgress without its token and pushes the deadline back', async () => {
    vi.useFakeTimers();
    const { peer, messages, notifications } = makePeer();
    const onProgress = vi.fn();
    const timeout = new Error('no answer in time');
    const state = track(peer.request('tools/call', { name: 'slow' }, outgoing({ timeoutMs: 1000, onTimeout: () => timeout, onProgress })));

    await vi.advanceTimersByTimeAsync(900);
    expect(peer.handle({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1, total: 10, message: 'working' } })).toBe(true);
    expect(onProgress).toHaveBeenCalledTimes(1);
    expect(onProgress.mock.calls[0]?.[0]).toEqual({ progress: 1, total: 10, message: 'working' });
    expect(onProgress.mock.calls[0]?.[0]).not.toHaveProperty('progressToken');
    expect(notifications).toEqual([]);

    await vi.advanceTimersByTimeAsync(900); // 1800 ms since the request: past the first deadline
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(state).toEqual({ settled: true, error: timeout });
    expect(messages().at(-1)).toMatchObject({ method: 'notifications/cancelled', params: { requestId: 1 } });
  });

  test('with onProgress the params carry _meta.progressToken = id and keep other _meta keys', async () => {
    const { peer, messages } = makePeer();
    const params = { name: 'x', _meta: { traceId: 't-1' } };
    const pending = peer.request('tools/call', params, outgoing({ onProgress: () => undefined }));
    expect(messages()[0]).toEqual({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', _meta: { traceId: 't-1', progressToken: 1 } } });
    expect(params._meta).toEqual({ traceId: 't-1' }); // the caller's object is left alone
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
  });

  test('with onProgress and no params the request still carries the progress token', async () => {
    const { peer, messages } = makePeer();
    const pending = peer.request('tools/list', undefined, outgoing({ onProgress: () => undefined }));
    expect((messages()[0] as JSONRPCRequest).params).toEqual({ _meta: { progressToken: 1 } });
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
  });

  test('without onProgress no _meta is added', async () => {
    const { peer, messages } = makePeer();
    const pending = peer.request('tools/call', { name: 'x' }, outgoing());
    const sentParams = (messages()[0] as JSONRPCRequest).params;
    expect(sentParams).toEqual({ name: 'x' });
    expect(sentParams).not.toHaveProperty('_meta');
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
  });

  test('progress for an unknown token, or for a request that did not ask for it, reaches onNotification', async () => {
    const { peer, notifications } = makePeer();
    const pending = peer.request('tools/call', {}, outgoing());
    const unknown: JSONRPCNotification = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'elsewhere', progress: 3 } };
    const unasked: JSONRPCNotification = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };
    expect(peer.handle(unknown)).toBe(true);
    expect(peer.handle(unasked)).toBe(true);
    expect(notifications).toEqual([unknown, unasked]);
    peer.handle({ jsonrpc: '2.0', id: 1, result: {} });
    await pending;
  });
});

describe('JsonRpcPeer cancellation of requests out', () => {
  test('aborting the signal rejects with the reason and sends notifications/cancelled', async () => {
    const { peer, messages } = makePeer();
    const controller = new AbortController();
    const pending = peer.request('tools/call', {}, outgoing({ cancel: controller.signal }));
    const reason = new Error('the user stopped it');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(messages()).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: {} },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'the user stopped it' } },
    ]);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);
  });

  test('an already aborted signal rejects at once and sends nothing', async () => {
    const { peer, sent } = makePeer();
    const reason = new Error('too late');
    await expect(peer.request('tools/call', {}, outgoing({ cancel: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(sent).toEqual([]);
  });

  test('aborting after the answer arrived sends no cancellation', async () => {
    const { peer, messages } = makePeer();
    const controller = new AbortController();
    const pending = peer.request('tools/call', {}, outgoing({ cancel: controller.signal }));
    peer.handle({ jsonrpc: '2.0', id: 1, result: { done: true } });
    await expect(pending).resolves.toEqual({ done: true });
    controller.abort(new Error('late'));
    await flush();
    expect(messages()).toHaveLength(1);
  });

  test('a request relayed for an incoming one is cancelled with it, and the incoming one gets no answer', async () => {
    const upstream = makePeer();
    let relayed: Promise<Record<string, unknown>> | undefined;
    const downstream = makePeer({
      onRequest: (req, context) => {
        relayed = upstream.peer.request(req.method, req.params, outgoing({ cancel: context }));
        return relayed;
      },
    });
    expect(downstream.peer.handle(request(7, 'tools/call', { name: 'slow' }))).toBe(true);
    expect(upstream.messages()).toEqual([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow' } }]);

    expect(downstream.peer.handle(cancelled(7, 'user gave up'))).toBe(true);
    await expect(relayed).rejects.toBe('user gave up');
    expect(upstream.messages()[1]).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'user gave up' } });
    await flush();
    expect(downstream.sent).toEqual([]);
    expect(downstream.notifications).toEqual([]);
  });

  test('the same works when the relayed request goes out on the same peer', async () => {
    let relayed: Promise<Record<string, unknown>> | undefined;
    const { peer, messages } = makePeer({
      onRequest: (_req, context) => {
        relayed = peer.request('sampling/createMessage', { messages: [] }, outgoing({ cancel: context, relatedRequestId: context.requestId }));
        return relayed;
      },
    });
    peer.handle(request(3, 'tools/call'));
    peer.handle(cancelled(3));
    await expect(relayed).rejects.toBe('cancelled'); // no reason given: the default
    await flush();
    // The relayed request and its cancellation, and no answer to request 3.
    expect(messages()).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: { messages: [] } },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'cancelled' } },
    ]);
  });

  test('a context that is already cancelled rejects at once and sends nothing', async () => {
    const upstream = makePeer();
    const gate = deferred<Record<string, unknown>>();
    let context: IncomingContext | undefined;
    const downstream = makePeer({
      onRequest: (_req, ctx) => {
        context = ctx;
        return gate.promise;
      },
    });
    downstream.peer.handle(request(1));
    downstream.peer.handle(cancelled(1, 'gone'));
    await expect(upstream.peer.request('tools/call', {}, outgoing({ cancel: context }))).rejects.toBe('gone');
    expect(upstream.sent).toEqual([]);
    gate.resolve({});
    await flush();
    expect(downstream.sent).toEqual([]);
  });
});

describe('JsonRpcPeer requests in', () => {
  describe('whenAnswered reports the size of the result as it went out', () => {
    /** A peer whose send reports the bytes each message took, as the HTTP transport does. */
    function sizedPeer(onRequest: JsonRpcPeerOptions['onRequest'], fail = false) {
      const answers: (number | undefined)[] = [];
      const peer = new JsonRpcPeer({
        send: async (message) => {
          if (fail) throw new Error('the client went away');
          return Buffer.byteLength(JSON.stringify(message));
        },
        onRequest: async (request, context) => {
          context.whenAnswered((bytes) => answers.push(bytes));
          return onRequest(request, context);
        },
        onNotification: () => undefined,
      });
      return { peer, answers };
    }
    const result = { content: [{ type: 'text', text: 'héllo — "quoted"' }], isError: false };

    test.each([7, 'request-ünï', 'a"b'])('for id %j: exactly the bytes of the result JSON', async (id) => {
      const { peer, answers } = sizedPeer(async () => result);
      peer.handle(request(id));
      await flush();
      expect(answers).toEqual([Buffer.byteLength(JSON.stringify(result))]);
    });

    test('undefined for an error answer, a cancelled request and a failed send', async () => {
      const failing = sizedPeer(async () => {
        throw new DownstreamError(-32602, 'bad');
      });
      failing.peer.handle(request(1));
      await flush();
      const gate = deferred<Record<string, unknown>>();
      const cancelledOne = sizedPeer(() => gate.promise);
      cancelledOne.peer.handle(request(2));
      cancelledOne.peer.handle(cancelled(2));
      gate.resolve(result);
      await flush();
      const unsent = sizedPeer(async () => result, true);
      unsent.peer.handle(request(3));
      await flush();
      expect([failing.answers, cancelledOne.answers, unsent.answers]).toEqual([[undefined], [undefined], [undefined]]);
    });
  });

  test('a handler that throws at once still gets an error answer', async () => {
    const { peer, messages } = makePeer({
      onRequest: () => {
        throw new DownstreamError(-32602, 'bad arguments');
      },
    });
    peer.handle(request(9));
    await flush();
    expect(messages()).toEqual([{ jsonrpc: '2.0', id: 9, error: { code: -32602, message: 'bad arguments' } }]);
  });

  test("onRequest's result is sent back with the same id", async () => {
    const onRequest = vi.fn(async (req: JSONRPCRequest) => ({ echoed: req.params }));
    const { peer, sent } = makePeer({ onRequest });
    expect(peer.handle(request('abc', 'tools/call', { name: 'echo' }))).toBe(true);
    expect(onRequest).toHaveBeenCalledTimes(1);
    expect(onRequest.mock.calls[0]?.[0]).toEqual(request('abc', 'tools/call', { name: 'echo' }));
    await flush();
    expect(sent).toEqual([{ message: { jsonrpc: '2.0', id: 'abc', result: { echoed: { name: 'echo' } } }, relatedRequestId: undefined }]);
  });

  test('a thrown error with a numeric code and data becomes {code, message, data}', async () => {
    const { peer, messages } = makePeer({
      onRequest: async () => {
        throw new DownstreamError(-32602, 'unknown tool', { name: 'nope' });
      },
    });
    peer.handle(request(4));
    await flush();
    expect(messages()).toEqual([{ jsonrpc: '2.0', id: 4, error: { code: -32602, message: 'unknown tool', data: { name: 'nope' } } }]);
  });

  test.each([
    ['no code', new Error('boom'), 'boom'],
    ['a string code', Object.assign(new Error('odd'), { code: 'ENOENT' }), 'odd'],
    ['a fractional code', Object.assign(new Error('odd'), { code: 1.5 }), 'odd'],
    ['a thrown string', 'just text', 'Internal error'],
  ])('an error with %s becomes -32603 without data', async (_label, thrown, message) => {
    const { peer, messages } = makePeer({
      onRequest: async () => {
        throw thrown;
      },
    });
    peer.handle(request(5));
    await flush();
    expect(messages()).toEqual([{ jsonrpc: '2.0', id: 5, error: { code: -32603, message } }]);
    expect((messages()[0] as { error: object }).error).not.toHaveProperty('data');
  });

  test('the signal read before the cancellation is aborted by notifications/cancelled', async () => {
    const gate = deferred<Record<string, unknown>>();
    let signal: AbortSignal | undefined;
    const { peer, sent, notifications } = makePeer({
      onRequest: (_req, context) => {
        signal = context.signal;
        return gate.promise;
      },
    });
    peer.handle(request(8));
    expect(signal?.aborted).toBe(false);
    expect(peer.handle(cancelled(8, 'stop'))).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('stop');
    expect(notifications).toEqual([]);
    gate.resolve({ late: true });
    await flush();
    expect(sent).toEqual([]);
  });

  test('the signal read after the cancellation is already aborted', async () => {
    const gate = deferred<Record<string, unknown>>();
    let context: IncomingContext | undefined;
    const { peer, sent } = makePeer({
      onRequest: (_req, ctx) => {
        context = ctx;
        return gate.promise;
      },
    });
    peer.handle(request(9));
    expect(context?.cancelled).toBe(false);
    peer.handle(cancelled(9, 'stop'));
    expect(context?.cancelled).toBe(true);
    expect(context?.reason).toBe('stop');
    expect(context?.signal.aborted).toBe(true);
    expect(context?.signal.reason).toBe('stop');
    gate.reject(new Error('aborted'));
    await flush();
    expect(sent).toEqual([]);
  });

  test('whenCancelled listeners run once and can stop listening', () => {
    let context: IncomingContext | undefined;
    const { peer } = makePeer({
      onRequest: (_req, ctx) => {
        context = ctx;
        return new Promise(() => undefined);
      },
    });
    peer.handle(request(1));
    const kept = vi.fn();
    const dropped = vi.fn();
    context?.whenCancelled(kept);
    const stop = context?.whenCancelled(dropped);
    stop?.();
    peer.handle(cancelled(1, 'why'));
    peer.handle(cancelled(1, 'again'));
    expect(kept).toHaveBeenCalledTimes(1);
    expect(kept).toHaveBeenCalledWith('why');
    expect(dropped).not.toHaveBeenCalled();
  });

  test('sendNotification passes the request id as relatedRequestId', async () => {
    const { peer, sent } = makePeer({
      onRequest: async (_req, context) => {
        await context.sendNotification({ method: 'notifications/message', params: { level: 'info', data: 'hi' } });
        return {};
      },
    });
    peer.handle(request('r-1'));
    await flush();
    expect(sent).toEqual([
      { message: { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hi' } }, relatedRequestId: 'r-1' },
      { message: { jsonrpc: '2.0', id: 'r-1', result: {} }, relatedRequestId: undefined },
    ]);
  });

  test('newestIncoming() is the newest request still being served', async () => {
    const gates = new Map<RequestId, ReturnType<typeof deferred<Record<string, unknown>>>>();
    const { peer } = makePeer({
      onRequest: (req) => {
        const gate = deferred<Record<string, unknown>>();
        gates.set(req.id, gate);
        return gate.promise;
      },
    });
    expect(peer.newestIncoming()).toBeUndefined();
    peer.handle(request(1));
    peer.handle(request(2));
    peer.handle(request(3));
    expect(peer.newestIncoming()).toBe(3);
    peer.handle(cancelled(3)); // cancelled: no longer counts even though its handler still runs
    expect(peer.newestIncoming()).toBe(2);
    gates.get(2)?.resolve({});
    await flush();
    expect(peer.newestIncoming()).toBe(1);
    gates.get(1)?.reject(new Error('failed'));
    await flush();
    expect(peer.newestIncoming()).toBeUndefined();
    gates.get(3)?.resolve({});
    await flush();
    expect(peer.newestIncoming()).toBeUndefined();
  });

  test('newestIncoming() goes by arrival, whatever the ids look like', () => {
    const { peer } = makePeer({ onRequest: () => new Promise(() => {}) });
    peer.handle(request(10));
    peer.handle(request('a'));
    peer.handle(request(2));
    expect(peer.newestIncoming()).toBe(2);
    peer.handle(cancelled(2));
    expect(peer.newestIncoming()).toBe('a');
  });
});

describe('JsonRpcPeer notifications', () => {
  test('other notifications reach onNotification as they are', () => {
    const { peer, notifications, sent } = makePeer();
    const changed: JSONRPCNotification = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
    const log: JSONRPCNotification = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } };
    expect(peer.handle(changed)).toBe(true);
    expect(peer.handle(log)).toBe(true);
    expect(notifications).toEqual([changed, log]);
    expect(sent).toEqual([]);
  });

  test('notifications/cancelled for an unknown id is swallowed', () => {
    const { peer, notifications, sent } = makePeer();
    expect(peer.handle(cancelled(42, 'whatever'))).toBe(true);
    expect(notifications).toEqual([]);
    expect(sent).toEqual([]);
  });

  test('notify() sends the notification with jsonrpc and relatedRequestId', async () => {
    const { peer, sent } = makePeer();
    await peer.notify({ method: 'notifications/resources/updated', params: { uri: 'file:///a' } }, 12);
    expect(sent).toEqual([{ message: { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///a' } }, relatedRequestId: 12 }]);
  });
});

describe('JsonRpcPeer close', () => {
  test('pending requests fail with errorFor(method) and incoming handlers are cancelled', async () => {
    vi.useFakeTimers();
    const gate = deferred<Record<string, unknown>>();
    let context: IncomingContext | undefined;
    const { peer, sent } = makePeer({
      onRequest: (_req, ctx) => {
        context = ctx;
        return gate.promise;
      },
    });
    const listed = peer.request('tools/list', undefined, outgoing({ timeoutMs: 1000 }));
    const read = peer.request('resources/read', { uri: 'file:///a' }, outgoing({ timeoutMs: 1000 }));
    peer.handle(request('in-1'));
    const signal = context?.signal;
    const errorFor = vi.fn((method: string) => new Error(`gone during ${method}`));

    peer.close(errorFor);

    await expect(listed).rejects.toThrow('gone during tools/list');
    await expect(read).rejects.toThrow('gone during resources/read');
    expect(errorFor.mock.calls.map(([method]) => method).sort()).toEqual(['resources/read', 'tools/list']);
    expect(context?.cancelled).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(peer.newestIncoming()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(peer.handle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);

    gate.resolve({});
    await vi.advanceTimersByTimeAsync(0);
    // Only the two requests went out: no cancellations on a closed connection, no answer to in-1.
    expect(sent.map((s) => s.message)).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: undefined },
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'file:///a' } },
    ]);
  });
});
