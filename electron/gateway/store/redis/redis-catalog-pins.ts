// Catalog pins across replicas: the definition a person accepted for each tool (by hash),
// one for the whole team. The first replica to see a tool sets its baseline (HSETNX); a
// review anywhere overwrites it and is published, so a definition reviewed on one replica is
// reviewed on every replica, and a replica that starts later adopts the team's pins instead
// of taking what it sees first as its baseline.
import { EventEmitter } from 'node:events';
import type { RedisLink } from './redis-link.js';

type Message = { replica: string; server: string; tool: string; hash: string };

export interface SharedPinsEvents {
  /** The team's accepted definition of a tool changed (a review elsewhere, or pins loaded). */
  pinned: [server: string, tool: string, hash: string];
}

export class RedisCatalogPins extends EventEmitter<SharedPinsEvents> {
  /** `JSON [server, tool]` → accepted hash: the team's pins as last heard. */
  private readonly pins = new Map<string, string>();
  private readonly hashKey: string;
  private readonly channel: string;

  constructor(
    private readonly link: RedisLink,
    prefix: string,
    private readonly replica: string,
  ) {
    super();
    this.hashKey = `${prefix}pins`;
    this.channel = `${prefix}pins`;
  }

  async subscribe(): Promise<void> {
    await this.link.subscriber.subscribe(this.channel, (text) => {
      const message = parse(text);
      if (message && message.replica !== this.replica) this.set(message.server, message.tool, message.hash);
    });
  }

  /** Loads every pin (at start and after a reconnect). */
  async load(): Promise<void> {
    const all = await this.link.run((client) => client.hGetAll(this.hashKey));
    for (const [field, hash] of Object.entries(all)) {
      const key = parseKey(field);
      if (key) this.set(key[0], key[1], hash);
    }
  }

  /** The team's accepted hash for a tool, if any replica has one. */
  accepted(server: string, tool: string): string | undefined {
    return this.pins.get(fieldOf(server, tool));
  }

  /**
   * This replica accepted `hash` as a baseline (first sight): it becomes the team's pin only
   * if there is none yet; otherwise the team's is adopted (emitted as `pinned`).
   */
  async baseline(server: string, tool: string, hash: string): Promise<void> {
    const field = fieldOf(server, tool);
    const set = await this.link.run((client) => client.hSetNX(this.hashKey, field, hash));
    if (set) {
      this.pins.set(field, hash);
      return;
    }
    const team = await this.link.run((client) => client.hGet(this.hashKey, field));
    if (team) this.set(server, tool, team);
  }

  /** A person here reviewed `hash`: the team's pin, for every replica. */
  async reviewed(server: string, tool: string, hash: string): Promise<void> {
    const field = fieldOf(server, tool);
    this.pins.set(field, hash);
    await this.link.run(async (client) => {
      await client.hSet(this.hashKey, field, hash);
      await client.publish(this.channel, JSON.stringify({ replica: this.replica, server, tool, hash } satisfies Message));
    });
  }

  private set(server: string, tool: string, hash: string): void {
    const field = fieldOf(server, tool);
    if (this.pins.get(field) === hash) return;
    this.pins.set(field, hash);
    this.emit('pinned', server, tool, hash);
  }
}

function fieldOf(server: string, tool: string): string {
  return JSON.stringify([server, tool]);
}

function parseKey(field: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(field);
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') ? (value as [string, string]) : undefined;
  } catch {
    return undefined;
  }
}

function parse(text: string): Message | undefined {
  try {
    const value = JSON.parse(text) as Message;
    return typeof value.server === 'string' && typeof value.tool === 'string' && typeof value.hash === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
