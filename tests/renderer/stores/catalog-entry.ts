// A catalog entry for store tests: only what the stores read (name, status, hash) varies.
import type { CatalogEntry } from '../../../shared/catalog.js';

export const catalogEntry = (serverId: string, name: string, status: CatalogEntry['status'] = 'accepted', hash = 'h1'): CatalogEntry =>
  ({
    serverId, name, hash, status, class: 'read', level: 'low', history: [],
    firstSeen: '2026-01-01T00:00:00Z', lastChanged: '2026-01-01T00:00:00Z', lastSeen: '2026-01-01T00:00:00Z',
    risk: { class: 'read', level: 'low', reasons: [], rules: [] },
  }) as unknown as CatalogEntry;
