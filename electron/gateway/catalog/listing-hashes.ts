// Definition hashes of listed tools, remembered by the tool's JSON as listed. Every session's
// tools/list answer is hashed (see session-observation.ts), and a canonical, sorted copy plus
// a SHA-256 per tool costs milliseconds for a server with a hundred tools; the same server
// lists the same bytes again and again, so one JSON.stringify and a lookup usually do.
import type { ToolDefinition, ToolListing } from '../../../shared/catalog.js';
import { definitionOf, hashDefinition } from './definition-hash.js';

/** Past this many remembered listings the memo starts over (a server changing on every list cannot grow it). */
const MAX_ENTRIES = 4096;

export interface HashedTool {
  hash: string;
  definition: ToolDefinition;
}

export class ListingHashes {
  private readonly known = new Map<string, HashedTool>();

  /** The tool's definition and its hash; callers must not change the definition. */
  of(tool: ToolListing): HashedTool {
    const key = JSON.stringify(tool);
    let hashed = this.known.get(key);
    if (!hashed) {
      const definition = definitionOf(tool);
      hashed = { hash: hashDefinition(definition), definition };
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(key, hashed);
    }
    return hashed;
  }

  get size(): number {
    return this.known.size;
  }
}
