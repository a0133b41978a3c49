import type { Logger } from "@aws-lambda-powertools/logger";
import type { Dependencies } from "../ports.js";
import type { FailureCount, LockRule } from "../security/ports.js";
import { withRetries } from "./retries.js";

// Writing the lock is what makes every other session see it: tried a few times before giving up.
const LOCK_ATTEMPTS = 3;

/**
 * Counts one wrong identity check of an order (the failure ledger, across sessions and channels) and, when it
 * reaches the shop's limit, writes the lock on the order item itself (`lockedUntil`), where the reads and the
 * conditional writes every channel makes anyway see it. Only this rare path writes the order; an unknown order
 * id gets no item. Without the security ports (in-memory tests) nothing is counted.
 */
export async function countVerificationFailure(
  deps: Dependencies,
  log: Logger,
  orderId: string,
  rule: LockRule,
  now: Date,
): Promise<FailureCount> {
  const ledger = deps.security?.ledger;
  if (!ledger) return { failures: 0, locked: false };
  const counted = await ledger.recordFailure(orderId, rule, now);
  if (counted.locked) await lockOrder(deps, log, orderId, counted.lockedUntil);
  return counted;
}

/**
 * The lock on the order. If it cannot be written, this check is still refused (the caller hears the failed
 * check's answer); the next wrong check finds the count at the limit and writes it again.
 */
async function lockOrder(deps: Dependencies, log: Logger, orderId: string, until: Date): Promise<void> {
  await withRetries(LOCK_ATTEMPTS, () => deps.orders.lock(orderId, until)).catch((error: unknown) =>
    log.error("order lock not written; the next failed check writes it", { orderId, error: String(error) }),
  );
}
