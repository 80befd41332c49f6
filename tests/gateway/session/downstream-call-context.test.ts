// What the gate sees of one downstream request: the session's identity, the request's
// cancellation, and progress only when the client asked for it (a progressToken).
import type { Notification } from '@modelcontextprotocol/sdk/types.js';
import { expect, test } from 'vitest';
import { DownstreamCallContext } from '../../../electron/gateway/session/downstream-call-context.js';
import type { DownstreamExtra } from '../../../electron/gateway/session/downstream-channel.js';

const session = { serverId: 'odoo', grant: 'cursor', sessionId: 's-1', clientInfo: { name: 'cursor', version: '1.0' } };

/** The two parts of a request's context the call context reads: its signal and its notification sender. */
function fakeExtra(): { extra: DownstreamExtra; sent: Notification[]; controller: AbortController } {
  const sent: Notification[] = [];
  const controller = new AbortController();
  const extra = {
    signal: controller.signal,
    sendNotification: async (notification: Notification) => void sent.push(notification),
  } as unknown as DownstreamExtra;
  return { extra, sent, controller };
}

test("carries the session's server, grant, session id and client, and the name the tool was called by", () => {
  const context = new DownstreamCallContext(session, fakeExtra().extra, undefined, 'odoo__search');
  expect(context).toMatchObject({ serverId: 'odoo', grant: 'cursor', sessionId: 's-1', clientInfo: { name: 'cursor', version: '1.0' }, calledAs: 'odoo__search' });
});

test('no progress token: no way to send progress', () => {
  expect(new DownstreamCallContext(session, fakeExtra().extra, undefined, undefined).sendProgress).toBeUndefined();
});

test("with a progress token: progress goes to the client under the client's token", async () => {
  const { extra, sent } = fakeExtra();
  const context = new DownstreamCallContext(session, extra, 'tok-7', undefined);
  await context.sendProgress!('waiting for approval');
  expect(sent).toEqual([{ method: 'notifications/progress', params: { progressToken: 'tok-7', progress: 0, message: 'waiting for approval' } }]);
});

test("the signal is the request's own: aborted when the client cancels", () => {
  const { extra, controller } = fakeExtra();
  const context = new DownstreamCallContext(session, extra, undefined, undefined);
  expect(context.signal.aborted).toBe(false);
  controller.abort();
  expect(context.signal.aborted).toBe(true);
});
