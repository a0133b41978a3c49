import type { Logger } from "@aws-lambda-powertools/logger";
import { formatSpokenDate } from "../dates/index.js";
import type { Order } from "../domain/order.js";
import { maskPhone } from "../domain/phone.js";
import { DependencyError } from "../errors.js";
import { Messages } from "../messages.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { ChangeConfirmation, Dependencies, RecordedText } from "../ports.js";
import type { SecurityDependencies } from "../security/ports.js";
import { withRetries } from "./retries.js";

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
  perDay = DEFAULT_TEXTS_PER_DAY,
): Promise<"SENT" | "DELAYED" | "LIMITED"> {
  if (deps.security)
    return sendThroughOutbox(deps, deps.security, log, { phoneNumber, message, requestKey, perDay });
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
 * Whether a confirmation went out now, will go out later (kept for retry), had nobody on file to go to, or was
 * not sent because the number's daily allowance of texts is used up.
 */
export type SmsDelivery = "SENT" | "DELAYED" | "NOT_ON_FILE" | "LIMITED";

/**
 * How the next write records a confirmation text its last write could not record as asked: not again when this
 * request's entry exists (`recorded`, the change or booking is written alone); without taking the allowance again
 * when this request took it; as dropped when the day's texts are used up; as it was when the text was not the
 * cause.
 */
export function nextTextRecord(
  record: ChangeConfirmation["record"],
  refused: { text: RecordedText; allowance?: "TAKEN" | "USED_UP" },
): { record: ChangeConfirmation["record"]; recorded?: RecordedText } {
  if (refused.text !== "NONE") return { record: { kind: "none" }, recorded: refused.text };
  if (refused.allowance === "TAKEN") return { record: { kind: "counted" } };
  if (refused.allowance === "USED_UP") return { record: { kind: "drop", reason: "DAILY_LIMIT" } };
  return { record };
}

/** What the caller hears about a text an earlier attempt of the request recorded: sent, or on its way. */
export function recordedDelivery(recorded: RecordedText): SmsDelivery {
  return recorded === "SMS_SENT" ? "SENT" : "DELAYED";
}

// ShopConfig.smsPerNumberPerDay's default, for callers that do not pass the shop's own.
const DEFAULT_TEXTS_PER_DAY = 5;
// The writer's lease on a text it is sending: past it, the retry run may take the text over.
export const SMS_LEASE_MS = 60_000;
const MARK_SENT_ATTEMPTS = 4;

/**
 * The outbox path: the text is recorded (under this request's key, with a lease) before it is sent, so a
 * retry of the request finds it instead of texting again, and a text SNS refused, or whose sender died, is
 * taken over by the retry run when the lease expires. Each number gets at most `perDay` texts a day.
 *
 * The daily allowance and the outbox entry are independent records, so they are asked for at the same time
 * (one round trip of waiting instead of two): the allowance is idempotent per request key, so a retry that
 * asks for it before its outbox entry says "retry" is counted once. A text is still sent only when both its
 * entry was created by this call and the allowance said yes (or could not be read: the cap fails open).
 */
async function sendThroughOutbox(
  deps: Dependencies,
  security: SecurityDependencies,
  log: Logger,
  sms: { phoneNumber: string; message: string; requestKey: string; perDay: number },
): Promise<"SENT" | "DELAYED" | "LIMITED"> {
  const now = deps.now();
  const phone = maskPhone(sms.phoneNumber);
  // The cap fails open: a DynamoDB hiccup must not cost a customer their confirmation. Settled (never rejects)
  // while the hold is awaited.
  const allowance = security.smsQuota
    .take(sms.phoneNumber, now.toISOString().slice(0, 10), sms.perDay, now, sms.requestKey)
    .catch(() => true);
  const hold = await holdText(security, sms, now);
  if ("error" in hold) {
    // No record, no send: a text that could not be recorded could be neither retried nor de-duplicated. (Its
    // allowance stays taken for this request key: a retry of the request uses it again.)
    await allowance;
    log.error("sms not recorded; not sent", { phone, error: String(hold.error) });
    return "DELAYED";
  }
  const { held } = hold;
  const allowed = await allowance;
  // A retry of a request whose text is recorded: sent already, or the retry run owns it (never dropped here:
  // the entry belongs to the first attempt).
  if (!held.created) return held.entry.state === "SMS_SENT" ? "SENT" : "DELAYED";
  if (!allowed) {
    securityEvent(log, SecurityMetric.SmsQuotaExceeded, { phone });
    await security.outbox.drop(held.entry.id, "DAILY_LIMIT", now).catch(() => undefined);
    return "LIMITED";
  }
  return sendRecordedText(deps, security, log, { id: held.entry.id, ...sms });
}

/**
 * Sends a text recorded in the outbox under this writer's lease, then marks it sent; when SNS refuses it, the
 * lease is let go so the retry run takes it over at once (`DELAYED`).
 */
export async function sendRecordedText(
  deps: Dependencies,
  security: SecurityDependencies,
  log: Logger,
  text: { id: string; phoneNumber: string; message: string },
): Promise<"SENT" | "DELAYED"> {
  const phone = maskPhone(text.phoneNumber);
  try {
    await deps.sms.send(text.phoneNumber, text.message);
  } catch (error) {
    log.warn("sms failed; the retry run takes it over", { phone, reason: reasonOf(error) });
    await security.outbox.release(text.id).catch(() => undefined);
    return "DELAYED";
  }
  securityEvent(log, SecurityMetric.SmsSent, { phone });
  await markSent(security, text.id, deps.now(), log);
  return "SENT";
}

/** Records the text in the outbox, tried a few times; the last error when it could not be recorded. */
async function holdText(
  security: SecurityDependencies,
  sms: { phoneNumber: string; message: string; requestKey: string },
  now: Date,
): Promise<{ held: Awaited<ReturnType<SecurityDependencies["outbox"]["hold"]>> } | { error: unknown }> {
  const entry = { requestKey: sms.requestKey, phoneNumber: sms.phoneNumber, message: sms.message };
  return withRetries(MARK_SENT_ATTEMPTS, () => security.outbox.hold(entry, SMS_LEASE_MS, now)).then(
    (held) => ({ held }),
    (error: unknown) => ({ error }),
  );
}

/** Marking a sent text is what keeps it from going out twice: tried a few times before giving up. */
async function markSent(security: SecurityDependencies, id: string, now: Date, log: Logger): Promise<void> {
  await withRetries(MARK_SENT_ATTEMPTS, () => security.outbox.markSent(id, now)).catch((error: unknown) =>
    log.error("sent sms not marked; may be sent again", { id, error: String(error) }),
  );
}

function reasonOf(error: unknown): string {
  return error instanceof DependencyError
    ? String((error.cause as Error)?.name ?? error.code)
    : String(error);
}

/** Texts the customer on file about a change to their order, in the order's language. */
export async function textOrderChange(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  change: { order: Order; previousDate?: string },
  requestKey: string,
  perDay = DEFAULT_TEXTS_PER_DAY,
): Promise<SmsDelivery> {
  const text = orderChangeText(msg, change.order, change.previousDate);
  return notifyBySms(deps, log, change.order.customerPhone, text, requestKey, perDay);
}

/**
 * The text about a change to an order (as it is after the change), in the order's language when it has one:
 * the date move from `previousDate`, else the cancellation.
 */
export function orderChangeText(
  msg: Messages,
  order: Pick<Order, "orderId" | "itemName" | "shippingDate"> & { locale?: string },
  previousDate?: string,
): string {
  const sms = order.locale && order.locale !== msg.localeId ? new Messages(order.locale, msg.localeId) : msg;
  const params = {
    item: order.itemName,
    orderId: order.orderId,
    to: formatSpokenDate(order.shippingDate, sms.localeId),
    from: previousDate ? formatSpokenDate(previousDate, sms.localeId) : "",
  };
  return sms.t(previousDate ? "sms.dateChanged" : "sms.cancelled", params);
}

/** Texts a callback confirmation, only to a number on file as some order's `customerPhone`. */
export async function textCallback(
  deps: Dependencies,
  log: Logger,
  msg: Messages,
  phoneNumber: string,
  params: { when: string; number: string },
  requestKey: string,
  perDay = DEFAULT_TEXTS_PER_DAY,
): Promise<SmsDelivery> {
  if (!(await deps.orders.hasOrders(phoneNumber))) return "NOT_ON_FILE";
  return notifyBySms(deps, log, phoneNumber, msg.t("sms.callback", params), requestKey, perDay);
}

// SNS retries quickly itself; a message still failing after this many scheduled runs needs a person.
const MAX_SMS_ATTEMPTS = 5;

/**
 * Sends the SMS kept for retry (a failed confirmation never blocks the change it confirms). Each message is
 * claimed first, so overlapping runs send it once; a failure goes back in the queue until `MAX_SMS_ATTEMPTS`.
 */
export async function resendFailedSms(deps: Dependencies, log: Logger, limit = 25) {
  const counts = { sent: 0, failed: 0, skipped: 0 };
  if (deps.security) await sendDueOutbox(deps, deps.security, log, limit, counts);
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
        error: reasonOf(error),
      });
    }
    await deps.callbackLog.settleSms(sms, sent, MAX_SMS_ATTEMPTS);
    counts[sent ? "sent" : "failed"]++;
  }
  return counts;
}

/**
 * The retry run's outbox pass: every pending text whose lease expired is claimed (conditional on the attempt
 * count it was read with, so two runs never both send it), sent, and marked; the last failed attempt gives it up
 * visibly (`SMS_GAVE_UP`, an error log and the `SmsGaveUp` alarm). Nothing stays "sending" past its lease.
 */
async function sendDueOutbox(
  deps: Dependencies,
  security: SecurityDependencies,
  log: Logger,
  limit: number,
  counts: { sent: number; failed: number; skipped: number },
): Promise<void> {
  for (const entry of await security.outbox.due(limit, deps.now())) {
    if (!(await security.outbox.claim(entry, SMS_LEASE_MS, deps.now()))) {
      counts.skipped++;
      continue;
    }
    const phone = maskPhone(entry.phoneNumber);
    if (!entry.phoneNumber || !entry.message) {
      await security.outbox.giveUp(entry.id, "INCOMPLETE", deps.now());
      securityEvent(log, SecurityMetric.SmsGaveUp, { id: entry.id, reason: "INCOMPLETE" });
      counts.failed++;
      continue;
    }
    try {
      await deps.sms.send(entry.phoneNumber, entry.message);
    } catch (error) {
      counts.failed++;
      if (entry.attempts + 1 >= MAX_SMS_ATTEMPTS) {
        await security.outbox.giveUp(entry.id, reasonOf(error), deps.now()).catch(() => undefined);
        securityEvent(log, SecurityMetric.SmsGaveUp, {
          phone,
          attempts: entry.attempts + 1,
          reason: reasonOf(error),
        });
      } else {
        log.warn("sms retry failed", { phone, attempt: entry.attempts + 1, reason: reasonOf(error) });
        await security.outbox.release(entry.id).catch(() => undefined);
      }
      continue;
    }
    securityEvent(log, SecurityMetric.SmsSent, { phone, retry: true });
    await markSent(security, entry.id, deps.now(), log);
    counts.sent++;
  }
}
