// Requests in flight, by JSON-RPC id, kept in two null-prototype objects (number ids, string ids)
// rather than a Map.
//
// Why not a Map: a Map whose entries come and go on every call rehashes into a new backing table
// every few dozen calls, and V8 leaves each old table pointing at its successor (for iterators that
// may still be walking it) with its entries still in it. Once one such table has been promoted to
// the old generation, the scavenger takes that pointer as a root: the next table survives, then
// the one after, and with them every request object they held, until a full GC. Under load that
// promoted nearly every relayed call's objects: ~2.3 MB per scavenge, ~4 ms pauses. With the
// three per-call Maps of the hot path moved to this table: ~0.5 MB and ~1.5 ms (bench/README.md).
// A dictionary-mode object's old backing store is not linked to its successor.
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

export class RequestTable<V> {
  private numbers: Record<number, V> = Object.create(null);
  private strings: Record<string, V> = Object.create(null);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Undefined for anything that is not a request id (a malformed notification's requestId). */
  get(id: unknown): V | undefined {
    if (typeof id === 'number') return this.numbers[id];
    if (typeof id === 'string') return this.strings[id];
    return undefined;
  }

  has(id: unknown): boolean {
    return this.get(id) !== undefined;
  }

  set(id: RequestId, value: V): void {
    const store = this.storeOf(id);
    if (store[id] === undefined) this.count++;
    store[id] = value;
  }

  delete(id: RequestId): boolean {
    const store = this.storeOf(id);
    if (store[id] === undefined) return false;
    delete store[id];
    this.count--;
    return true;
  }

  /** Ids in flight, numbers first (a copy: safe to delete while walking it). */
  ids(): RequestId[] {
    return [...Object.keys(this.numbers).map(Number), ...Object.keys(this.strings)];
  }

  /** Values in flight (a copy). */
  values(): V[] {
    return [...Object.values(this.numbers), ...Object.values(this.strings)];
  }

  clear(): void {
    this.numbers = Object.create(null);
    this.strings = Object.create(null);
    this.count = 0;
  }

  private storeOf(id: RequestId): Record<string | number, V> {
    return typeof id === 'number' ? this.numbers : this.strings;
  }
}
