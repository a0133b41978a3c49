import type { Order } from "../domain/order.js";
import { maskPhone } from "../domain/phone.js";
import { DependencyError } from "../errors.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { ChangeConfirmation, OrderChange, RecordedText } from "../ports.js";
import {
  nextTextRecord,
  orderChangeText,
  recordedDelivery,
  SMS_LEASE_MS,
  type SmsDelivery,
  sendRecordedText,
  textOrderChange,
} from "../services/sms-confirmations.js";
import type { OrderView, UseCaseContext } from "./outcome.js";

/** How a change went, with its text: applied now or before (a retry), or refused. */
export type ChangeResult =
  | { outcome: "APPLIED" | "DUPLICATE"; order: OrderView; sms: SmsDelivery }
  /** Someone else changed or removed the order in between. */
  | { outcome: "CHANGED"; order: Order | null }
  /** The order is locked (failed identity checks): nothing written. */
  | { outcome: "LOCKED" };

// A text refused for a reason the next attempt settles (its entry exists, its allowance is taken or used up)
// is asked for again at most this many times.
const MAX_WRITES = 3;

/**
 * Applies a change to the order `view` shows and confirms it by text, once even when the request is retried.
 * With the outbox (`deps.security`) the change, its text's outbox entry and one text of the number's daily
 * allowance are one write, all or nothing: a change never stands without its text recorded. The text is then
 * sent and marked sent (a failed send is the retry run's). When only the allowance refuses (the day's texts are
 * used up) the change is written again with its text recorded as dropped, as before: the change stands, no text.
 */
export async function applyConfirmedChange(
  ctx: UseCaseContext,
  view: OrderView,
  change: OrderChange,
  previousDate?: string,
): Promise<ChangeResult> {
  const perDay = ctx.config.smsPerNumberPerDay;
  const security = ctx.deps.security;
  // The text written after the change, through the outbox on its own (no transaction to ride with).
  const textOnItsOwn = (order: Order) =>
    textOrderChange(ctx.deps, ctx.log, ctx.msg, { order, previousDate }, change.requestKey, perDay);
  if (!security) {
    const result = await ctx.deps.orders.apply(change);
    if (result.outcome === "LOCKED" || result.outcome === "CHANGED") return result;
    const sms = result.outcome === "DUPLICATE" ? "SENT" : await textOnItsOwn(result.order);
    return { outcome: result.outcome, order: result.order, sms };
  }
  const after: OrderView = { ...view, ...change.set, lastRequest: change.requestKey };
  const message = orderChangeText(ctx.msg, after, previousDate);
  const now = ctx.deps.now();
  let record: ChangeConfirmation["record"] = { kind: "send", day: now.toISOString().slice(0, 10), perDay };
  let recorded: RecordedText = "NONE";
  for (let write = 1; write <= MAX_WRITES; write++) {
    const result = await ctx.deps.orders.applyWithConfirmation(
      change,
      { message, leaseMs: SMS_LEASE_MS, record },
      security,
    );
    switch (result.outcome) {
      case "LOCKED":
      case "CHANGED":
        return result;
      case "DUPLICATE": {
        // Changed by this request before: its text is recorded with it (sent, or the retry run's). A change made
        // without one (no outbox then) gets its text through the outbox now.
        const sms = result.text === "NONE" ? await textOnItsOwn(result.order) : recordedDelivery(result.text);
        return { outcome: "DUPLICATE", order: result.order, sms };
      }
      case "APPLIED": {
        const order = { ...after, version: result.version };
        if (record.kind === "drop") {
          securityEvent(ctx.log, SecurityMetric.SmsQuotaExceeded, { phone: maskPhone(result.phoneNumber) });
          return { outcome: "APPLIED", order, sms: "LIMITED" };
        }
        if (record.kind === "none" || !result.textId)
          return { outcome: "APPLIED", order, sms: recordedDelivery(recorded) };
        const sms = await sendRecordedText(ctx.deps, security, ctx.log, {
          id: result.textId,
          phoneNumber: result.phoneNumber,
          message,
        });
        return { outcome: "APPLIED", order, sms };
      }
      case "TEXT_REFUSED": {
        const next = nextTextRecord(record, result);
        record = next.record;
        recorded = next.recorded ?? recorded;
      }
    }
  }
  throw new DependencyError("dynamodb", new Error("the change and its text could not be written together"));
}
