// Relays upstream progress to the downstream request that asked for it.
//
// Each forwarded request that carries a progress token gets a fresh upstream token. Progress
// is taken from the raw upstream message stream, before the SDK's Protocol sees it: the
// Protocol drops a final progress notification that arrives together with its result
// (it handles responses first and notifications a tick later).
import type { JSONRPCMessage, Progress, ProgressToken } from '@modelcontextprotocol/sdk/types.js';

type ProgressSink = (progress: Progress) => void;

export class ProgressRelay {
  private readonly sinks = new Map<ProgressToken, ProgressSink>();
  private next = 0;

  /** Returns the token to send upstream; call release() once the request has settled. */
  register(sink: ProgressSink): { token: string; release(): void } {
    const token = `portcullis-${++this.next}`;
    this.sinks.set(token, sink);
    return { token, release: () => this.sinks.delete(token) };
  }

  /** Call for every message from upstream; true when it was progress for a registered request. */
  handle(message: JSONRPCMessage): boolean {
    if (!('method' in message) || message.method !== 'notifications/progress' || 'id' in message) return false;
    const params = message.params as (Progress & { progressToken?: ProgressToken }) | undefined;
    const sink = params?.progressToken !== undefined ? this.sinks.get(params.progressToken) : undefined;
    if (!sink || !params) return false;
    const { progressToken: _token, ...progress } = params;
    sink(progress as Progress);
    return true;
  }
}
