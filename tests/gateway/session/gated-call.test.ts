// tools/call through the gate: malformed params and names not in the session's current list
// are refused before the gate is asked (and reported to it for the log), and what is forwarded
// is the very params object that was checked.
import { describe, expect, it } from 'vitest';
import type { CallToolResult, JSONRPCRequest, Tool } from '@modelcontextprotocol/sdk/types.js';
import { gatedToolCall, toolCallProblem } from '../../../electron/gateway/session/gated-call.js';
import { SessionTools } from '../../../electron/gateway/session/session-tools.js';
import type { CallProblem, SessionContext, ToolGate } from '../../../electron/gateway/gate/call-gate.js';
import type { DownstreamExtra } from '../../../electron/gateway/session/downstream-channel.js';

const CONTEXT: SessionContext = { serverId: 'srv', grant: 'g', sessionId: 's-1' };
const EXTRA = { whenAnswered: (listener: (bytes: number | undefined) => void) => listener(10), signal: new AbortController().signal } as unknown as DownstreamExtra;
const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });

function recordingGate() {
  const admitted: Array<{ name: string; args: Record<string, unknown> }> = [];
  const refused: Array<{ name: string; problem: CallProblem }> = [];
  const gate: ToolGate = {
    filterTools: (_ctx, tools) => tools,
    admitCall: async (_ctx, name, args) => {
      admitted.push({ name, args });
      return { proceed: true, finish: () => undefined };
    },
    refuseCall: (_ctx, name, _args, problem) => {
      refused.push({ name, problem });
      return { content: [{ type: 'text', text: `refused ${name}` }], isError: true };
    },
  };
  return { gate, admitted, refused };
}

function setup(listed: string[] | undefined) {
  const lists: string[] = [];
  const tools = new SessionTools(async (serverId) => {
    lists.push(serverId);
    return ['env', 'lookup'].map(tool);
  });
  if (listed) tools.listed('srv', listed.map(tool), true);
  const forwarded: unknown[] = [];
  const call = (params: unknown, name = typeof (params as { name?: unknown })?.name === 'string' ? (params as { name: string }).name : '') =>
    gatedToolCall(recording.gate, { jsonrpc: '2.0', id: 1, method: 'tools/call', params } as JSONRPCRequest, EXTRA, {
      name,
      context: CONTEXT,
      tools,
      forward: async (p) => {
        forwarded.push(p);
        return { content: [] } satisfies CallToolResult;
      },
    });
  const recording = recordingGate();
  return { ...recording, call, forwarded, lists };
}

describe('toolCallProblem', () => {
  it('accepts a string name with object or absent arguments', () => {
    expect(toolCallProblem({ name: 'env' })).toBeUndefined();
    expect(toolCallProblem({ name: 'env', arguments: {} })).toBeUndefined();
  });

  it('names what is wrong, without echoing the value', () => {
    expect(toolCallProblem(undefined)).toMatch(/needs params/);
    expect(toolCallProblem({ name: ['env'] })).toBe('tools/call: params.name must be a string naming a listed tool, not an array');
    expect(toolCallProblem({ name: 'env', arguments: 'secret-token' })).toBe('tools/call: params.arguments must be an object, not a string');
    expect(toolCallProblem({ name: 'env', arguments: [1] })).toMatch(/not an array$/);
    expect(toolCallProblem({ name: 'env', arguments: null })).toMatch(/not null$/);
  });
});

describe('gatedToolCall', () => {
  it('forwards exactly the params object it checked, after admission with the same arguments', async () => {
    const { call, forwarded, admitted } = setup(['env']);
    const params = { name: 'env', arguments: { a: 1 } };
    await call(params);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]).toBe(params);
    expect(admitted[0]!.args).toBe(params.arguments);
  });

  it('refuses a non-string name or non-object arguments with invalid params, reports it, forwards nothing', async () => {
    const { call, forwarded, admitted, refused } = setup(['env']);
    await expect(call({ name: ['env'] }, '')).rejects.toMatchObject({ code: -32602 });
    await expect(call({ name: 'env', arguments: 'x' })).rejects.toMatchObject({ code: -32602 });
    expect(refused.map((r) => [r.name, r.problem.kind])).toEqual([['["env"]', 'malformed'], ['env', 'malformed']]);
    expect(forwarded).toEqual([]);
    expect(admitted).toEqual([]);
  });

  it('refuses a name that is not exactly one of the session’s listed tools, before the gate admits anything', async () => {
    const { call, forwarded, admitted, refused } = setup(['env', 'delete_all']);
    for (const name of ['ENV', 'env ', 'DELETE_ALL', 'lookup']) {
      const result = (await call({ name, arguments: {} })) as CallToolResult;
      expect(result.isError).toBe(true);
    }
    expect(refused.map((r) => r.problem.kind)).toEqual(['unlisted', 'unlisted', 'unlisted', 'unlisted']);
    expect(forwarded).toEqual([]);
    expect(admitted).toEqual([]);
  });

  it('repeats at most 128 characters of a name that matches no tool', async () => {
    const { call, refused } = setup(['env']);
    const result = (await call({ name: 'x'.repeat(100_000) })) as CallToolResult;
    expect(refused[0]!.name).toHaveLength(128);
    expect(JSON.stringify(result).length).toBeLessThan(1_000);
  });

  it('lists through the upstream first when the session has not listed', async () => {
    const { call, forwarded, lists } = setup(undefined);
    await call({ name: 'lookup' });
    expect(lists).toEqual(['srv']);
    expect(forwarded).toEqual([{ name: 'lookup' }]);
    await call({ name: 'lookup' });
    expect(lists).toEqual(['srv']); // fresh now: no second listing
  });
});
