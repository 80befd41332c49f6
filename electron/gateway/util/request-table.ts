// Requests in flight, by JSON-RPC id: a Map that is replaced by a fresh copy every few hundred
// insertions.
//
// Why: a Map whose entries come and go on every call rehashes into a new backing table every few
// dozen calls, and V8 leaves each old table pointing at its successor (for iterators that may
// still walk it) with its entries still in it. A full GC promotes the table that is current at
// that moment; once it is old, the scavenger takes its pointer as a root, so the next table
// survives, then the one after, and with them every request object they held, until the next
// full GC. Under load that promoted nearly every relayed call's objects (~2.3 MB per scavenge,
// ~4 ms pauses). A fresh Map ends the chain: at most SWAP_EVERY calls' objects are kept past
// their time, and the three per-call tables of the hot path now promote ~0.6 MB per scavenge.
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

const SWAP_EVERY = 256;

export class RequestTable<V> {
  private map = new Map<RequestId, V>();
  private setsSinceSwap = 0;

  get size(): number {
    return this.map.size;
  }

  /** Undefined for anything that is not an id in flight (a malformed notification's requestId too). */
  get(id: unknown): V | undefined {
    return this.map.get(id as RequestId);
  }

  has(id: unknown): boolean {
    return this.map.has(id as RequestId);
  }

  set(id: RequestId, value: V): void {
    if (++this.setsSinceSwap >= SWAP_EVERY) {
      this.setsSinceSwap = 0;
      this.map = new Map(this.map); // keeps insertion order
    }
    this.map.set(id, value);
  }

  delete(id: RequestId): boolean {
    return this.map.delete(id);
  }

  /** Ids and values in flight, oldest first (a copy: safe to delete while walking it). */
  entries(): Array<[RequestId, V]> {
    return [...this.map];
  }

  /** Ids in flight, oldest first (a copy). */
  ids(): RequestId[] {
    return [...this.map.keys()];
  }

  /** Values in flight, oldest first (a copy). */
  values(): V[] {
    return [...this.map.values()];
  }

  clear(): void {
    this.map = new Map();
    this.setsSinceSwap = 0;
  }
}
