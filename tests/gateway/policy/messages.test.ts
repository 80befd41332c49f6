import { expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import {
  POLICY_DENIED_CODE, denialResult, denialText, hiddenItemText, hiddenText, requestDenialText, retryText,
} from '../../../electron/gateway/policy/messages.js';

it('denialText says what was denied, by which rule and why; the what and why are optional', () => {
  expect(denialText('odoo_execute', 'rate limit reached', 'tools.odoo_execute', 'Ask an admin.')).toBe(
    "Portcullis denied 'odoo_execute': rate limit reached. Rule: tools.odoo_execute. Ask an admin.",
  );
  expect(denialText('x', undefined, 'default', undefined)).toBe("Portcullis denied 'x'. Rule: default.");
  expect(denialText('x', '', 'default', '')).toBe("Portcullis denied 'x'. Rule: default.");
});

it('requestDenialText names the request and the rule; hidden items read like a missing one', () => {
  expect(requestDenialText("resources/read of 'memory://x'", 'denied by policy', 'resources.rules["memory://x"]', 'Private.')).toBe(
    'Portcullis denied resources/read of \'memory://x\': denied by policy. Rule: resources.rules["memory://x"]. Private.',
  );
  expect(requestDenialText('logging/setLevel', 'denied', 'logging', undefined)).toBe('Portcullis denied logging/setLevel: denied. Rule: logging.');
  expect(hiddenText('secret_tool')).toBe("tool not available: 'secret_tool'");
  expect(hiddenItemText('resource', 'memory://x')).toBe("resource not available: 'memory://x'");
  expect(hiddenItemText('prompt', 'p')).toBe("prompt not available: 'p'");
});

it('retryText: when to retry, or that waiting will not help', () => {
  expect(retryText(undefined)).toBe('waiting will not help');
  expect(retryText(0.2)).toBe('retry in 1 s');
  expect(retryText(90)).toBe('retry in 90 s');
  expect(retryText(3600)).toBe('retry in 60 min');
});

it("denialResult is an error tool result carrying the decision's message", async () => {
  const engine = new PolicyEngine({ serverId: 'srv', policy: { version: '1', default: 'deny' }, counters: new MemoryCounterStore() });
  const decision = await engine.decide({ tool: { name: 'x' }, args: {}, grant: 'g', sessionId: 's', now: 0 });
  if (decision.action !== 'deny') throw new Error(`expected a denial, got ${decision.action}`);
  expect(denialResult(decision)).toEqual({ content: [{ type: 'text', text: decision.message }], isError: true });
  expect(decision.message).toMatch(/^Portcullis denied 'x'/);
});

it('the refusal error code is a JSON-RPC server-defined code that MCP does not use', () => {
  expect(POLICY_DENIED_CODE).toBe(-32003);
});
