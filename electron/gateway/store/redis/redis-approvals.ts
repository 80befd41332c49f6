// Approvals across replicas. The replica that holds a call keeps its promise (the client's
// request is open there); Redis carries what the others need: every held call (a hash, for
// replicas that start later) and its events (pub/sub), so any replica's UI, CLI or Api lists
// it and can decide it. A decision made elsewhere is published to the holder, which settles
// the call at once. A held call whose replica stops beating is shown as lost (withdrawn)
// instead of waiting forever. While Redis is unreachable no call is held (fail closed).
import { EventEmitter } from 'node:events';
import type { ApprovalDecision, ApprovalRequest, ApprovalResolution } from '../../../../shared/approvals.js';
import type { RedisLink } from './redis-link.js';
import type { ReplicaHeartbeat } from './replica-heartbeat.js';

type Message =
  | { type: 'requested'; replica: string; request: ApprovalRequest }
  | { type: 'resolved'; replica: string; resolution: ApprovalResolution }
  | { type: 'decide'; replica: string; id: string; decision: ApprovalDecision; by: string };

interface Held {
  replica: string;
  request: ApprovalRequest;
}

export interface SharedApprovalsEvents {
  /** Another replica holds a call. */
  requested: [ApprovalRequest];
  /** A call another replica held was answered, timed out, withdrawn or lost. */
  resolved: [ApprovalResolution];
  /** Someone on another replica decided a call this replica holds: settle it. */
  decide: [id: string, decision: ApprovalDecision, by: string];
}

export class RedisApprovals extends EventEmitter<SharedApprovalsEvents> {
  /** Calls other replicas hold, by id. */
  private readonly remote = new Map<string, Held>();
  private readonly hashKey: string;
  private readonly channel: string;

  constructor(
    private readonly link: RedisLink,
    prefix: string,
    private readonly heartbeat: ReplicaHeartbeat,
  ) {
    super();
    this.hashKey = `${prefix}approvals`;
    this.channel = `${prefix}approvals`;
  }

  private get replica(): string {
    return this.heartbeat.replica;
  }

  /** Subscribes; call once the subscriber connection is up. */
  async subscribe(): Promise<void> {
    await this.link.subscriber.subscribe(this.channel, (text) => this.receive(text));
  }

  /** Loads every call held elsewhere (at start and after a reconnect). */
  async load(): Promise<void> {
    const all = await this.link.run((client) => client.hGetAll(this.hashKey));
    const seen = new Set<string>();
    for (const text of Object.values(all)) {
      const held = parse<Held>(text);
      if (!held || held.replica === this.replica) continue;
      seen.add(held.request.id);
      if (!this.remote.has(held.request.id)) {
        this.remote.set(held.request.id, held);
        this.emit('requested', held.request);
      }
    }
    for (const [id] of this.remote) if (!seen.has(id)) this.drop(id, { id, outcome: 'withdrawn', reason: 'answered or withdrawn on another replica while this one was away from the shared store' });
  }

  /** Why no call can be held now, or undefined. */
  unavailable(): string | undefined {
    if (this.link.connected) return undefined;
    return `the call needs a person's approval, but ${this.link.state.url} (the shared store that carries approvals to every replica) is unreachable, so it is refused (fail closed); try again once it is back`;
  }

  list(): ApprovalRequest[] {
    return [...this.remote.values()].map((held) => held.request);
  }

  get(id: string): ApprovalRequest | undefined {
    return this.remote.get(id)?.request;
  }

  /** A call this replica now holds. */
  held(request: ApprovalRequest): void {
    const held: Held = { replica: this.replica, request };
    void this.link
      .run(async (client) => {
        await client.hSet(this.hashKey, request.id, JSON.stringify(held));
        await client.publish(this.channel, JSON.stringify({ type: 'requested', replica: this.replica, request } satisfies Message));
      })
      .catch(() => undefined);
  }

  /** A call this replica held is settled (by anyone). */
  settled(resolution: ApprovalResolution): void {
    void this.link
      .run(async (client) => {
        await client.hDel(this.hashKey, resolution.id);
        await client.publish(this.channel, JSON.stringify({ type: 'resolved', replica: this.replica, resolution } satisfies Message));
      })
      .catch(() => undefined);
  }

  /** Decides a call another replica holds; undefined when no other replica holds it. */
  decide(id: string, decision: ApprovalDecision, by: string): ApprovalResolution | undefined {
    const held = this.remote.get(id);
    if (!held) return undefined;
    if (!this.link.connected) throw new Error(this.unavailable());
    const message: Message = { type: 'decide', replica: held.replica, id, decision, by };
    void this.link.run((client) => client.publish(this.channel, JSON.stringify(message))).catch(() => undefined);
    return decision.action === 'approve' ? { id, outcome: 'approved', scope: decision.scope, by } : { id, outcome: 'denied', by, ...(decision.reason ? { reason: decision.reason } : {}) };
  }

  /** Calls held by replicas that stopped beating are lost: shown as such and removed. */
  async sweepLost(): Promise<void> {
    const replicas = [...new Set([...this.remote.values()].map((held) => held.replica))];
    if (replicas.length === 0) return;
    const alive = await this.heartbeat.alive(replicas);
    for (const [id, held] of this.remote) {
      if (alive.has(held.replica)) continue;
      const reason = `lost: replica ${held.replica} that held this call stopped (no heartbeat for ${Math.round(this.heartbeat.ttlMs / 1000)} s); the call was not forwarded`;
      this.drop(id, { id, outcome: 'withdrawn', reason });
      await this.link.run((client) => client.hDel(this.hashKey, id)).catch(() => undefined);
    }
  }

  private receive(text: string): void {
    const message = parse<Message>(text);
    if (!message || message.replica === undefined) return;
    if (message.type === 'requested' && message.replica !== this.replica) {
      this.remote.set(message.request.id, { replica: message.replica, request: message.request });
      this.emit('requested', message.request);
    } else if (message.type === 'resolved' && message.replica !== this.replica) {
      this.drop(message.resolution.id, message.resolution);
    } else if (message.type === 'decide' && message.replica === this.replica) {
      this.emit('decide', message.id, message.decision, message.by);
    }
  }

  private drop(id: string, resolution: ApprovalResolution): void {
    if (!this.remote.delete(id)) return;
    this.emit('resolved', resolution);
  }
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
