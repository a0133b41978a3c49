import { formatSpokenTime } from "../dates/index.js";
import { type CallbackRules, checkCallbackTime, earliestCallback } from "../domain/callback-policy.js";
import { formatPhoneForSpeech, maskPhone } from "../domain/phone.js";
import { type RequestKey, type RequestOrigin, requestKey } from "../domain/request-key.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import { checkCallbackNumber } from "../security/callback-number.js";
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
    // Business hours as people say them: "9 AM to 6 PM", 「午前9時から午後6時」 (not "09:00").
    message: message(`callback.invalid.${check.reason}`, {
      start: formatSpokenTime(start, ctx.msg.localeId),
      end: formatSpokenTime(end, ctx.msg.localeId),
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
  const phone = maskPhone(phoneNumber);
  // Only numbers a person answers, in the shop's countries — the caller's own number too (caller ID is not
  // proof that the number is an ordinary line).
  const allowed = await checkCallbackNumber(phoneNumber, ctx.config.allowedCountries);
  if (!allowed.ok) {
    securityEvent(ctx.log, SecurityMetric.CallbackRefused, {
      phone,
      reason: allowed.reason,
      type: allowed.type,
    });
    return {
      kind: "refused",
      result: "NUMBER_NOT_ALLOWED",
      message: message(`callback.number.${allowed.reason}`),
    };
  }
  const book = ctx.deps.security?.callbackBook;
  if (book) {
    // Recorded BEFORE the task: one open callback per number, and the task's ClientToken comes from this record.
    const reserved = await book.reserve(request, ctx.deps.now());
    if (!reserved.reserved) {
      securityEvent(ctx.log, SecurityMetric.CallbackRefused, { phone, reason: "ALREADY_BOOKED" });
      return {
        kind: "refused",
        result: "ALREADY_BOOKED",
        message: message("callback.alreadyBooked", callbackParams(ctx, reserved.open.at, phoneNumber)),
      };
    }
  }
  let contactId: string;
  try {
    ({ contactId } = await ctx.deps.callbacks.schedule(request));
  } catch (error) {
    if (!book) throw error;
    // The record stands: the retry run starts the task with the same ClientToken (Connect creates it once), so
    // the caller is never told "failed" about a callback that may already be booked.
    ctx.log.warn("callback task not confirmed; the retry run completes it", { phone, error: String(error) });
    const params = callbackParams(ctx, at, phoneNumber);
    return {
      kind: "done",
      result: "SCHEDULED",
      message: message("callback.done", params),
      notes: [message("callback.pending")],
      duplicate: false,
      scheduledAt: at,
    };
  }
  if (book) await book.markBooked(phoneNumber, request.requestKey, contactId).catch(() => undefined);
  // After the task exists nothing may turn the answer into a failure: the log record is best effort.
  const recorded = await ctx.deps.callbackLog.record({ ...request, contactId }).catch((error) => {
    if (!book) throw error;
    ctx.log.warn("callback log record failed", { phone, error: String(error) });
    return "CREATED" as const;
  });
  const duplicate = recorded === "DUPLICATE";
  ctx.log.info("callback scheduled", { phone, at: at.toISOString(), duplicate });
  if (!duplicate) securityEvent(ctx.log, SecurityMetric.CallbackBooked, { phone });
  const params = callbackParams(ctx, at, phoneNumber);
  const sms =
    duplicate && !ctx.deps.security
      ? "SENT"
      : await textCallback(
          ctx.deps,
          ctx.log,
          ctx.msg,
          phoneNumber,
          params,
          request.requestKey,
          ctx.config.smsPerNumberPerDay,
        ).catch(() => "DELAYED" as const);
  return {
    kind: "done",
    result: "SCHEDULED",
    message: message("callback.done", params),
    notes: smsNotes(sms),
    duplicate,
    scheduledAt: at,
  };
}

/**
 * The retry run's callback pass: a reservation whose task was not confirmed gets its task started again with
 * the same ClientToken (Connect creates one task per token); after `maxAttempts` it is given up visibly.
 */
export async function completePendingCallbacks(
  deps: Pick<UseCaseContext["deps"], "callbacks" | "security" | "now">,
  log: UseCaseContext["log"],
  maxAttempts = 5,
): Promise<{ booked: number; failed: number }> {
  const counts = { booked: 0, failed: 0 };
  const book = deps.security?.callbackBook;
  if (!book) return counts;
  for (const open of await book.pending(25)) {
    if (open.at.getTime() < deps.now().getTime()) {
      await book.settle(open.phoneNumber, open.requestKey, "GAVE_UP");
      securityEvent(log, SecurityMetric.CallbackRefused, {
        phone: maskPhone(open.phoneNumber),
        reason: "EXPIRED",
      });
      continue;
    }
    try {
      const { contactId } = await deps.callbacks.schedule({
        ...open,
        requestKey: open.requestKey as RequestKey,
      });
      await book.markBooked(open.phoneNumber, open.requestKey, contactId);
      counts.booked++;
    } catch (error) {
      counts.failed++;
      const gaveUp = open.attempts + 1 >= maxAttempts;
      await book
        .settle(open.phoneNumber, open.requestKey, gaveUp ? "GAVE_UP" : "RETRY")
        .catch(() => undefined);
      log.error(gaveUp ? "callback task given up" : "callback task retry failed", {
        phone: maskPhone(open.phoneNumber),
        error: String(error),
      });
    }
  }
  return counts;
}

function callbackParams(ctx: UseCaseContext, at: Date, phoneNumber: string) {
  return { when: spokenDateTime(ctx.msg, ctx.timeZone, at), number: formatPhoneForSpeech(phoneNumber) };
}

function noSlot(): Outcome & { kind: "refused" } {
  return { kind: "refused", result: "NO_SLOT", message: message("callback.giveUp") };
}
