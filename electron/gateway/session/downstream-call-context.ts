// What the gate knows of one downstream request (a tools/call or any other governed
// request): its session, and the request's cancellation and progress.
import type { Implementation, ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, SessionContext } from '../gate/call-gate.js';
import type { DownstreamExtra } from './downstream-channel.js';

export class DownstreamCallContext implements CallContext {
  readonly serverId: string;
  readonly grant: string;
  readonly sessionId: string;
  readonly clientInfo?: Implementation;
  readonly sendProgress?: (message: string) => Promise<void>;

  constructor(
    session: SessionContext,
    private readonly extra: DownstreamExtra,
    progressToken: ProgressToken | undefined,
    readonly calledAs: string | undefined,
    readonly elicit?: CallContext['elicit'],
  ) {
    this.serverId = session.serverId;
    this.grant = session.grant;
    this.sessionId = session.sessionId;
    this.clientInfo = session.clientInfo;
    if (progressToken !== undefined) {
      this.sendProgress = (message) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: 0, message } });
    }
  }

  /** Read only when a call is held for approval: most calls never make the AbortController. */
  get signal(): AbortSignal {
    return this.extra.signal;
  }
}
