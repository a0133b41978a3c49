import type { Logger } from "@aws-lambda-powertools/logger";
import { formatSpokenDate } from "../dates/index.js";
import { cancelDecision, type Order, OrderStatus } from "../domain/order.js";
import { maskPhone } from "../domain/phone.js";
import { DependencyError } from "../errors.js";
import { Messages } from "../messages.js";
import type { Dependencies, IdentityProof } from "../ports.js";

/** The order as last seen by this conversation (status, date and version are what the write expects). */
export interface SeenOrder {
  orderId: string;
  status: Order["status"];
  shippingDate: string;
  version: number;
}

export type CancelOutcome =
  | { kind: "CANCELLED"; order: Order; duplicate: boolean }
  | { kind: "ALREADY_CANCELLED" }
  | { kind: "NOT_CANCELLABLE"; status: Order["status"] }
  /** Someone changed the order in between (another session, the shop): `order` is the fresh state. */
  | { kind: "CHANGED"; order: Order | null };

/** Cancels a placed order with one conditional UpdateItem. */
export async function cancelOrder(
  deps: Dependencies,
  seen: SeenOrder,
  identity: IdentityProof,
  requestKey: string,
): Promise<CancelOutcome> {
  const decision = cancelDecision(seen);
  if (decision === "ALREADY_CANCELLED") return { kind: "ALREADY_CANCELLED" };
  if (decision === "NOT_CANCELLABLE") return { kind: "NOT_CANCELLABLE", status: seen.status };
  const result = await deps.orders.apply({
    orderId: seen.orderId,
    requestKey,
    expected: { status: OrderStatus.Placed, version: seen.version, shippingDate: seen.shippingDate },
    identity,
    set: { status: OrderStatus.Cancelled },
    event: "CANCELLED",
    at: deps.now().toISOString(),
  });
  if (result.outcome === "CHANGED") {
    if (result.order?.status === OrderStatus.Cancelled) return { kind: "ALREADY_CANCELLED" };
    return { kind: "CHANGED", order: result.order };
  }
  return { kind: "CANCELLED", order: result.order, duplicate: result.outcome === "DUPLICATE" };
}

export type ChangeDateOutcome =
  | { kind: "CHANGED_DATE"; order: Order; previousDate: string; duplicate: boolean }
  | { kind: "NOT_CHANGEABLE"; status: Order["status"] }
  | { kind: "CHANGED"; order: Order | null };

/** Moves a placed order's shipping date (already validated against the policy) with one conditional UpdateItem. */
export async function changeShippingDate(
  deps: Dependencies,
  seen: SeenOrder,
  identity: IdentityProof,
  newDate: string,
  requestKey: string,
): Promise<ChangeDateOutcome> {
  if (seen.status !== OrderStatus.Placed) return { kind: "NOT_CHANGEABLE", status: seen.status };
  const result = await deps.orders.apply({
    orderId: seen.orderId,
    requestKey,
    expected: { status: OrderStatus.Placed, version: seen.version, shippingDate: seen.shippingDate },
    identity,
    set: { shippingDate: newDate },
    event: `SHIPPING_DATE ${seen.shippingDate} -> ${newDate}`,
    at: deps.now().toISOString(),
  });
  if (result.outcome === "CHANGED") return { kind: "CHANGED", order: result.order };
  return {
    kind: "CHANGED_DATE",
    order: result.order,
    previousDate: seen.shippingDate,
    duplicate: result.outcome === "DUPLICATE",
  };
}

/**
 * Sends a confirmation SMS after the write. A failed SMS never undoes the change: it is logged and kept for
 * retry, and the caller is told the text may be late (`DELAYED`).
 */
export async function notifyBySms(
  deps: Dependencies,
  log: Logger,
  phoneNumber: string,
  message: string,
  requestKey: string,
): Promise<"SENT" | "DELAYED"> {
  try {
    await deps.sms.send(phoneNumber, message);
    return "SENT";
  } catch (error) {
    const reason =
      error instanceof DependencyError ? String((error.cause as Error)?.name ?? error.code) : String(error);
    log.warn("sms failed; kept for retry", { phone: maskPhone(phoneNumber), reason });
    try {
      await deps.callbackLog.keepFailedSms({ requestKey, phoneNumber, message, error: reason });
    } catch (keepError) {
      log.error("could not keep failed sms", { phone: maskPhone(phoneNumber), error: String(keepError) });
    }
    return "DELAYED";
  }
}

/**
 * Texts the customer on file about a change to their order, in the order's language, unless this request was
 * a duplicate. Returns the reply, with a note when the text may be late.
 */
export async function textOrderChange(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  change: { order: Order; duplicate: boolean; previousDate?: string },
  requestKey: string,
  reply: string,
): Promise<string> {
  if (change.duplicate) return reply;
  const o = change.order;
  const sms = o.locale && o.locale !== msg.localeId ? new Messages(o.locale, msg.localeId) : msg;
  const params = {
    item: o.itemName,
    orderId: o.orderId,
    to: formatSpokenDate(o.shippingDate, sms.localeId),
    from: change.previousDate ? formatSpokenDate(change.previousDate, sms.localeId) : "",
  };
  const text = sms.t(change.previousDate ? "sms.dateChanged" : "sms.cancelled", params);
  const sent = await notifyBySms(deps, log, o.customerPhone, text, requestKey);
  return sent === "DELAYED" ? `${reply} ${msg.t("sms.late")}` : reply;
}

/** Texts a callback confirmation, only to a number on file as some order's `customerPhone`. */
export async function textCallback(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  phoneNumber: string,
  params: { when: string; number: string },
  requestKey: string,
  reply: string,
): Promise<string> {
  if ((await deps.orders.findByPhone(phoneNumber)).length === 0) return reply;
  const sent = await notifyBySms(deps, log, phoneNumber, msg.t("sms.callback", params), requestKey);
  return sent === "DELAYED" ? `${reply} ${msg.t("sms.late")}` : reply;
}

// SNS retries quickly itself; a message still failing after this many scheduled runs needs a person.
const MAX_SMS_ATTEMPTS = 5;

/**
 * Sends the SMS kept for retry (a failed confirmation never blocks the change it confirms). Each message is
 * claimed first, so overlapping runs send it once; a failure goes back in the queue until `MAX_SMS_ATTEMPTS`.
 */
export async function resendFailedSms(deps: Dependencies, log: Logger, limit = 25) {
  const counts = { sent: 0, failed: 0, skipped: 0 };
  for (const sms of await deps.callbackLog.pendingSms(limit)) {
    if (!(await deps.callbackLog.claimSms(sms))) {
      counts.skipped++;
      continue;
    }
    let sent = true;
    try {
      await deps.sms.send(sms.phoneNumber, sms.message);
    } catch (error) {
      sent = false;
      log.warn("sms retry failed", {
        phone: maskPhone(sms.phoneNumber),
        error: String((error as Error)?.cause ?? error),
      });
    }
    await deps.callbackLog.settleSms(sms, sent, MAX_SMS_ATTEMPTS);
    counts[sent ? "sent" : "failed"]++;
  }
  return counts;
}
