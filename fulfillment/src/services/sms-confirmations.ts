import type { Logger } from "@aws-lambda-powertools/logger";
import { formatSpokenDate } from "../dates/index.js";
import type { Order } from "../domain/order.js";
import { maskPhone } from "../domain/phone.js";
import { DependencyError } from "../errors.js";
import { Messages } from "../messages.js";
import type { Dependencies } from "../ports.js";

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

/** Whether a confirmation went out now, will go out later (kept for retry), or had nobody on file to go to. */
export type SmsDelivery = "SENT" | "DELAYED" | "NOT_ON_FILE";

/** Texts the customer on file about a change to their order, in the order's language. */
export async function textOrderChange(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  change: { order: Order; previousDate?: string },
  requestKey: string,
): Promise<SmsDelivery> {
  const o = change.order;
  const sms = o.locale && o.locale !== msg.localeId ? new Messages(o.locale, msg.localeId) : msg;
  const params = {
    item: o.itemName,
    orderId: o.orderId,
    to: formatSpokenDate(o.shippingDate, sms.localeId),
    from: change.previousDate ? formatSpokenDate(change.previousDate, sms.localeId) : "",
  };
  const text = sms.t(change.previousDate ? "sms.dateChanged" : "sms.cancelled", params);
  return notifyBySms(deps, log, o.customerPhone, text, requestKey);
}

/** Texts a callback confirmation, only to a number on file as some order's `customerPhone`. */
export async function textCallback(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  phoneNumber: string,
  params: { when: string; number: string },
  requestKey: string,
): Promise<SmsDelivery> {
  if ((await deps.orders.findByPhone(phoneNumber)).length === 0) return "NOT_ON_FILE";
  return notifyBySms(deps, log, phoneNumber, msg.t("sms.callback", params), requestKey);
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
