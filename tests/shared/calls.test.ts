import { describe, expect, it } from 'vitest';
import { callSubject } from '../../shared/calls.js';

describe('callSubject', () => {
  it('is the tool for tool calls, and names the method for every other request', () => {
    expect(callSubject({ tool: 'echo' })).toBe('echo');
    expect(callSubject({ method: 'tools/call', tool: 'echo' })).toBe('echo');
    expect(callSubject({ method: 'resources/read', tool: 'memory://knowledge-graph' })).toBe('resources/read memory://knowledge-graph');
    expect(callSubject({ method: 'sampling/createMessage', tool: 'sampling/createMessage' })).toBe('sampling/createMessage');
  });
});
