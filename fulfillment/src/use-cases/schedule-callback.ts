import { type CallbackRules, checkCallbackTime, earliestCallback } from "../domain/callback-policy.js";
import { formatPhoneForSpeech, maskPhone } from "../domain/phone.js";
import { type RequestOrigin, requestKey } from "../domain/request-key.js";
import { textCallback } from "../services/sms-confirmations.js";
import { spokenDateTime } from "../spoken.js";
import { type MessageRef, message, type Outcome, smsNotes, type UseCaseContext } from "./outcome.js";

/** When the customer wants to be called: a day and a time in the shop's zone, or as soon as possible. */
export type CallbackWhen = { date: string; time: string } | "asap";

/** A callback to book at a time {@link checkCallbackTimeRequest} allowed. */
export interface CallbackBooking {
  origin: RequestOrigin;
  phoneNumber: string;
  at: Date;
  orderId?: string;
  /** Shown to the agent on the task. */
  reason: string;
}

/** The shop's callback rules: business hours, lead time and horizon. */
export function callbackRules(ctx: UseCaseContext): CallbackRules {
  return { ...ctx.config.callback, businessHours: ctx.config.businessHours };
}

/** A bookable time (no confirmation yet: the number may still be unknown), or why not. */
export type CallbackTimeCheck = { kind: "ready"; at: Date } | Exclude<Outcome, { kind: "ready" }>;

/**
 * Decides a callback time without booking anything: inside business hours, at least the lead time and at most
 * the horizon ahead. A refused time comes with the nearest bookable slot; with none at all, the request is
 * refused (`NO_SLOT`).
 */
export function checkCallbackTimeRequest(ctx: UseCaseContext, when: CallbackWhen): CallbackTimeCheck {
  const rules = callbackRules(ctx);
  if (when === "asap") {
    const first = earliestCallback(rules, ctx.timeZone, ctx.now);
    return first ? { kind: "ready", at: first } : noSlot();
  }
  const check = checkCallbackTime(when.date, when.time, rules, ctx.timeZone, ctx.now);
  if (check.ok) return { kind: "ready", at: check.at };
  if (!check.nearest) return noSlot();
  const { start, end } = ctx.config.businessHours;
  return {
    kind: "suggested",
    result: "INVALID_TIME",
    reason: check.reason,
    message: message(`callback.invalid.${check.reason}`, {
      start,
      end,
      minutes: ctx.config.callback.minLeadMinutes,
      days: ctx.config.callback.maxDaysAhead,
    }),
    suggestion: message("callback.suggest", {
      nearest: spokenDateTime(ctx.msg, ctx.timeZone, check.nearest),
    }),
    window: { first: check.first, last: check.last, nearest: check.nearest },
  };
}

/** What to ask before booking: the time and the number, as they will be read back. */
export function confirmCallback(ctx: UseCaseContext, at: Date, phoneNumber: string): MessageRef {
  return message("callback.confirm", callbackParams(ctx, at, phoneNumber));
}

/**
 * Books the callback: a scheduled Connect task (idempotent on the request key), its record, then a confirming
 * SMS when the number is on file. A retry of the same request books and texts nothing more.
 */
export async function scheduleCallback(ctx: UseCaseContext, booking: CallbackBooking): Promise<Outcome> {
  const { phoneNumber, at } = booking;
  const request = {
    requestKey: requestKey(booking.origin, "requestCallback", at.toISOString(), phoneNumber),
    phoneNumber,
    at,
    localeId: ctx.localeId,
    timeZone: ctx.timeZone,
    orderId: booking.orderId,
    reason: booking.reason,
  };
  const { contactId } = await ctx.deps.callbacks.schedule(request);
  const recorded = await ctx.deps.callbackLog.record({ ...request, contactId });
  const duplicate = recorded === "DUPLICATE";
  ctx.log.info("callback scheduled", { phone: maskPhone(phoneNumber), at: at.toISOString(), duplicate });
  const params = callbackParams(ctx, at, phoneNumber);
  const sms = duplicate
    ? "SENT"
    : await textCallback(ctx.deps, ctx.log, ctx.msg, phoneNumber, params, request.requestKey);
  return {
    kind: "done",
    result: "SCHEDULED",
    message: message("callback.done", params),
    notes: smsNotes(sms),
    duplicate,
    scheduledAt: at,
  };
}

function callbackParams(ctx: UseCaseContext, at: Date, phoneNumber: string) {
  return { when: spokenDateTime(ctx.msg, ctx.timeZone, at), number: formatPhoneForSpeech(phoneNumber) };
}

function noSlot(): Outcome & { kind: "refused" } {
  return { kind: "refused", result: "NO_SLOT", message: message("callback.giveUp") };
}
