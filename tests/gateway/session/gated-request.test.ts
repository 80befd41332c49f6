import { describe, expect, it } from 'vitest';
import { listMethod, requestTarget, runAdmitted } from '../../../electron/gateway/session/gated-request.js';
import type { RequestOutcome } from '../../../electron/gateway/gate/call-gate.js';
import { DownstreamError } from '../../../electron/gateway/util/json-rpc-error.js';

describe('requestTarget', () => {
  it('names what a request is about', () => {
    expect(requestTarget('resources/read', { uri: 'memory://x' })).toEqual({ kind: 'resource', name: 'memory://x' });
    expect(requestTarget('resources/subscribe', {})).toEqual({ kind: 'resource', name: '' });
    expect(requestTarget('prompts/get', { name: 'p' })).toEqual({ kind: 'prompt', name: 'p' });
    expect(requestTarget('completion/complete', { ref: { type: 'ref/prompt', name: 'p' } })).toEqual({ kind: 'prompt', name: 'p' });
    expect(requestTarget('completion/complete', { ref: { type: 'ref/resource', uri: 't://{id}' } })).toEqual({ kind: 'resource', name: 't://{id}' });
    expect(requestTarget('completion/complete', {})).toBeUndefined();
    expect(requestTarget('sampling/createMessage', { messages: [] })).toBeUndefined();
  });
});

describe('listMethod', () => {
  it('knows the filtered lists and nothing else', () => {
    expect(listMethod('resources/templates/list')).toEqual({ key: 'resourceTemplates', kind: 'resourceTemplates' });
    expect(listMethod('prompts/list')).toEqual({ key: 'prompts', kind: 'prompts' });
    expect(listMethod('tools/list')).toBeUndefined();
    expect(listMethod('constructor')).toBeUndefined();
  });
});

describe('runAdmitted', () => {
  it('a refusal becomes its JSON-RPC error and nothing is forwarded', async () => {
    let forwarded = 0;
    const run = runAdmitted({ proceed: false, error: { code: -32003, message: 'Portcullis denied x', data: { rule: 'default' } } }, async () => (forwarded++, {}));
    await expect(run).rejects.toMatchObject({ code: -32003, message: 'Portcullis denied x', data: { rule: 'default' } });
    expect(forwarded).toBe(0);
  });

  it('tells the gate how an admitted request ended', async () => {
    const outcomes: RequestOutcome[] = [];
    const admission = { proceed: true as const, finish: (o: RequestOutcome) => outcomes.push(o) };
    expect(await runAdmitted(admission, async () => ({ contents: [] }))).toEqual({ contents: [] });
    await expect(runAdmitted(admission, async () => Promise.reject(new DownstreamError(-32001, 'too slow')))).rejects.toThrow('too slow');
    await expect(runAdmitted(admission, async () => Promise.reject(new DownstreamError(-32602, 'bad')))).rejects.toThrow('bad');
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'timeout', 'protocol-error']);
  });
});
