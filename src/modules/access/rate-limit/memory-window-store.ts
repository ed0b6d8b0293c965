import { WindowCount, WindowStore } from './window-store';

interface Window {
  hits: number;
  resetAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/** Fixed windows in this process's memory: the store without Redis, and the fallback while Redis is unreachable. */
export class MemoryWindowStore implements WindowStore {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<WindowCount> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { hits: 0, resetAt: now + ttlMs };
      this.windows.set(key, window);
    }
    window.hits++;
    if (window.hits === limit + 1 && blockMs > window.resetAt - now) window.resetAt = now + blockMs;
    return { hits: window.hits, msToReset: window.resetAt - now };
  }

  async peek(key: string): Promise<WindowCount> {
    const now = this.now();
    const window = this.windows.get(key);
    return window && window.resetAt > now ? { hits: window.hits, msToReset: window.resetAt - now } : { hits: 0, msToReset: 0 };
  }

  /** Drops ended windows now and then, so counters of clients gone quiet do not pile up (no timers to clean up). */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
