/**
 * A fixed-window counter: the first hit opens a window of `ttlMs`; hits within it add up; when
 * it ends the count starts again from zero. The memory and Redis stores implement the same
 * semantics, so falling back from one to the other changes where counts live, not what they mean.
 */
export interface WindowCount {
  /** Hits in the current window, this one included (for peek: so far). */
  hits: number;
  /** Milliseconds until the window ends (0 for peek when there is no window). */
  msToReset: number;
}

export interface WindowStore {
  /**
   * Counts a hit. The hit that first goes over `limit` stretches the window to at least
   * `blockMs` from now (0: no stretch), so a client that overruns is refused at least that long.
   */
  hit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<WindowCount>;
  /** The current count, without counting. */
  peek(key: string): Promise<WindowCount>;
}
