/**
 * The request journal: every request the simulated hub received (HTTP, the module WebSocket handshake and
 * discovery datagrams), with headers as received, so tests can assert exactly what Chronos sent. Bounded:
 * the oldest entries are dropped past `limit` (benchmarks send many requests).
 */
export type JournalEntry = {
  seq: number;
  /** ISO instant the request arrived. */
  time: string;
  kind: 'http' | 'ws' | 'udp';
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased header names, values as received (tests assert tokens and module headers). */
  headers: Record<string, string | string[]>;
  /** Filled when the response is sent (absent while pending or for hung requests). */
  status?: number;
};

export type JournalFilter = { method?: string; path?: string | RegExp; kind?: JournalEntry['kind'] };

export class Journal {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 10_000) {}

  /** Adds an entry and returns it (so the caller can set `status` later). */
  record(entry: Omit<JournalEntry, 'seq' | 'time'>): JournalEntry {
    const full: JournalEntry = { seq: this.nextSeq++, time: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  /** Entries in arrival order, optionally filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.entries.filter(
      (entry) =>
        (filter.kind === undefined || entry.kind === filter.kind) &&
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string' ? entry.path === filter.path : filter.path.test(entry.path))),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
