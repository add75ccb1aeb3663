/**
 * How many threads a running fit may use. A host can change it while the fit runs, e.g. give a
 * job the core another job has just freed; the data fit follows between two passes. Results do
 * not depend on it (passPlan.ts), only how fast they come.
 */
export class ThreadBudget {
  private readonly listeners = new Set<(count: number) => void>();
  /** Threads the fit following this budget is using now (fewer while helpers start, or if they cannot). */
  inUse = 1;

  constructor(private current = 1) {}

  get count(): number {
    return this.current;
  }

  set(count: number): void {
    if (count === this.current) return;
    this.current = count;
    for (const listener of this.listeners) listener(count);
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  watch(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
