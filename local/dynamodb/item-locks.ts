/**
 * Per-item locks of the emulated DynamoDB: a transaction holds every item it touches while it checks and
 * writes them, and single-item requests (GetItem, PutItem, UpdateItem, DeleteItem) on those items wait for it,
 * so no client sees a transaction half applied. Uncontended, a hold is one Map entry and one promise.
 */
export class ItemLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Waits for every earlier holder of any of `keys`, then holds them all until the returned release is called.
   * All keys are queued for at once (synchronously), so two holders of overlapping keys can never wait on each
   * other in a cycle.
   */
  async acquire(keys: Iterable<string>): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mine = [...new Set(keys)];
    const earlier: Promise<void>[] = [];
    for (const key of mine) {
      const tail = this.tails.get(key);
      if (tail) earlier.push(tail);
      this.tails.set(key, held);
    }
    if (earlier.length > 0) await Promise.all(earlier);
    return () => {
      release();
      for (const key of mine) if (this.tails.get(key) === held) this.tails.delete(key);
    };
  }

  /** How many items are held or waited for (0 when idle). */
  get size(): number {
    return this.tails.size;
  }
}
