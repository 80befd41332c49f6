// Team mode (`serve --store redis://…`): the core's shared state wired to the TeamStore.
// Imported lazily by portcullis.ts only when a store is given, so the desktop path never
// loads it (nor the Redis client). What is shared:
//   - counters: the policy engines count in Redis (passed to PolicyService);
//   - approvals: this replica's held calls published, the others' listed and decidable here;
//   - catalog pins: baselines and reviews shared, the team's adopted here;
//   - the live call feed: this replica's calls out, the others' in.
import type { ApprovalBroker } from './approvals/approval-broker.js';
import type { CallLog } from './calllog/call-log.js';
import type { Catalog } from './catalog/catalog.js';
import type { EventBus } from './event-bus.js';
import { TeamStore } from './store/redis/team-store.js';

export async function openTeamStore(url: string, log: (message: string) => void): Promise<TeamStore> {
  return TeamStore.open({ url, log });
}

export interface TeamServices {
  events: EventBus;
  approvals: ApprovalBroker;
  catalog: Catalog;
  calls: CallLog;
  log: (message: string) => void;
}

export function wireTeamStore(team: TeamStore, { events, approvals, catalog, calls, log }: TeamServices): void {
  team.onStatus((status) => events.emit('store-changed', status));

  // Approvals: ours out, theirs in; a decision made elsewhere settles ours at once.
  approvals.peers = team.approvals;
  approvals.on('requested', (request) => team.approvals.held(request));
  approvals.on('resolved', (resolution) => team.approvals.settled(resolution));
  team.approvals.on('requested', (request) => events.emit('approval-requested', request));
  team.approvals.on('resolved', (resolution) => events.emit('approval-resolved', resolution));
  team.approvals.on('decide', (id, decision, by) => {
    try {
      approvals.decide(id, decision, by);
    } catch {
      // already settled here (timed out, withdrawn, or answered twice): the first answer stands
    }
  });

  // Catalog pins: the team's accepted definition wins over what this replica saw first.
  let adopting = false;
  const adopt = (serverId: string, tool: string, hash: string) => {
    adopting = true;
    try {
      catalog.adoptAccepted(serverId, tool, hash);
    } finally {
      adopting = false;
    }
  };
  const reconcile = (serverId: string) => {
    for (const entry of catalog.entries(serverId)) {
      if (!entry.accepted) continue;
      const teamHash = team.pins.accepted(serverId, entry.name);
      if (teamHash === undefined) void team.pins.baseline(serverId, entry.name, entry.accepted.hash).catch(() => undefined);
      else if (teamHash !== entry.accepted.hash) adopt(serverId, entry.name, teamHash);
    }
  };
  catalog.onChange((changes) => {
    if (adopting) return;
    for (const change of changes) {
      if (change.kind !== 'tool' || change.change !== 'reviewed') continue;
      const hash = catalog.entry(change.serverId, change.name)?.accepted?.hash;
      if (hash !== undefined) {
        team.pins.reviewed(change.serverId, change.name, hash).catch((error: unknown) => log(`shared store: review of ${change.serverId}/${change.name} not shared: ${(error as Error).message}`));
      }
    }
    for (const serverId of new Set(changes.map((c) => c.serverId))) reconcile(serverId);
  });
  team.pins.on('pinned', (serverId, tool, hash) => adopt(serverId, tool, hash));
  team.onReconnect(() => {
    for (const serverId of catalog.servers()) reconcile(serverId);
  });

  // Live feed: every replica's calls on every replica's UI.
  calls.feed.mirror = (event) => team.feed.publish(event);
  team.feed.on('event', (event) => calls.feed.receive(event));
}
