/** Pause before attempt n+1: short, because a caller is waiting on the line. */
const BACKOFF_MS = 20;

/**
 * Runs `work` up to `attempts` times, `BACKOFF_MS × attempt` apart, for the writes whose loss would break a
 * guarantee (an outbox record, a sent mark, an order lock); the last failure is rethrown.
 */
export async function withRetries<T>(attempts: number, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, BACKOFF_MS * attempt));
    }
  }
}
