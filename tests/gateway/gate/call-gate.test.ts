// The gate's two halves joined into one, and the open gate (no policy layer).
import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { combineGates, openGate, type CallContext, type RequestGate, type SessionContext, type ToolGate } from '../../../electron/gateway/gate/call-gate.js';

const SESSION: SessionContext = { serverId: 'srv', grant: 'g', sessionId: 's-1' };
const CALL: CallContext = { ...SESSION, signal: new AbortController().signal };
const tools: Tool[] = [{ name: 'a', inputSchema: { type: 'object' } }, { name: 'b', inputSchema: { type: 'object' } }];

/** Gates that keep state on `this`, so an unbound method would fail. */
class OnlyA implements ToolGate {
  private readonly keep = 'a';
  filterTools(_ctx: SessionContext, list: Tool[]) {
    return list.filter((t) => t.name === this.keep);
  }
  async admitCall(_ctx: CallContext, name: string) {
    return name === this.keep ? { proceed: true as const, finish: () => undefined } : { proceed: false as const, result: { content: [{ type: 'text' as const, text: `no ${name}` }], isError: true } };
  }
  refuseCall(_ctx: SessionContext, name: string) {
    return { content: [{ type: 'text' as const, text: `${this.keep}-gate refused ${name}` }], isError: true };
  }
}

class NoPrompts implements RequestGate {
  private readonly blocked = 'prompts/get';
  filterList<T extends Record<string, unknown>>(_ctx: SessionContext, kind: string, items: T[]) {
    return kind === 'prompts' ? [] : items;
  }
  async admitRequest(_ctx: CallContext, request: { method: string }) {
    return request.method === this.blocked ? { proceed: false as const, error: { code: -32600, message: 'no prompts' } } : { proceed: true as const, finish: () => undefined };
  }
  passNotification(_ctx: SessionContext, notification: { method: string }) {
    return notification.method !== 'notifications/message' && this.blocked.length > 0;
  }
}

describe('combineGates', () => {
  it('routes each method to its half, with the half as `this`', async () => {
    const gate = combineGates(new OnlyA(), new NoPrompts());
    const { filterTools, admitCall, filterList, admitRequest, passNotification } = gate; // detached, as callers may hold them
    expect(filterTools(SESSION, tools).map((t) => t.name)).toEqual(['a']);
    expect((await admitCall(CALL, 'a', {})).proceed).toBe(true);
    expect((await admitCall(CALL, 'b', {})).proceed).toBe(false);
    expect(filterList(SESSION, 'prompts', [{ name: 'p' }])).toEqual([]);
    expect(filterList(SESSION, 'resources', [{ uri: 'x' }])).toEqual([{ uri: 'x' }]);
    expect(await admitRequest(CALL, { method: 'prompts/get' })).toMatchObject({ proceed: false, error: { message: 'no prompts' } });
    expect(passNotification(SESSION, { method: 'notifications/message' })).toBe(false);
    expect(gate.refuseCall?.(SESSION, 'b', {}, { kind: 'unlisted', message: '' })).toMatchObject({ content: [{ text: 'a-gate refused b' }] });
  });

  it('has no refuseCall when the tool gate has none', () => {
    const bare: ToolGate = { filterTools: (_c, t) => t, admitCall: async () => ({ proceed: true, finish: () => undefined }) };
    expect('refuseCall' in combineGates(bare, new NoPrompts())).toBe(false);
  });
});

describe('openGate', () => {
  it('lets every tool, call, list item, request and notification through', async () => {
    expect(openGate.filterTools(SESSION, tools)).toEqual(tools);
    expect((await openGate.admitCall(CALL, 'anything', {})).proceed).toBe(true);
    expect(openGate.filterList(SESSION, 'resources', [{ uri: 'file:///x' }])).toEqual([{ uri: 'file:///x' }]);
    expect((await openGate.admitRequest(CALL, { method: 'sampling/createMessage' })).proceed).toBe(true);
    expect(openGate.passNotification(SESSION, { method: 'notifications/message' })).toBe(true);
  });
});
