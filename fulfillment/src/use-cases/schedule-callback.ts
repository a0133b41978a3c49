import type { ShopConfig } from "../config.js";
import { formatSpokenTime } from "../dates/index.js";
import { type CallbackRules, checkCallbackTime, earliestCallback } from "../domain/callback-policy.js";
import { formatPhoneForSpeech, maskPhone } from "../domain/phone.js";
import { type RequestKey, type RequestOrigin, requestKey } from "../domain/request-key.js";
import { Messages } from "../messages.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { CallbackRequest, ChangeConfirmation, RecordedText } from "../ports.js";
import { checkCallbackNumber } from "../security/callback-number.js";
import type { SecurityDependencies } from "../security/ports.js";
import {
  nextTextRecord,
  recordedDelivery,
  SMS_LEASE_MS,
  type SmsDelivery,
  sendRecordedText,
  textCallback,
} from "../services/sms-confirmations.js";
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
  const params = callbackParams(ctx, at, phoneNumber);
  const { duplicate, sms } =
    book && ctx.deps.security
      ? await confirmBooking(ctx, ctx.deps.security, { ...request, contactId }, params)
      : await confirmWithoutBook(ctx, { ...request, contactId }, params);
  ctx.log.info("callback scheduled", { phone, at: at.toISOString(), duplicate });
  if (!duplicate) securityEvent(ctx.log, SecurityMetric.CallbackBooked, { phone });
  return {
    kind: "done",
    result: "SCHEDULED",
    message: message("callback.done", params),
    notes: smsNotes(sms),
    duplicate,
    scheduledAt: at,
  };
}

type BookedRequest = CallbackRequest & { contactId: string };
type CallbackParams = ReturnType<typeof callbackParams>;

// A write refused for a part the next attempt leaves out or settles (the reservation moved, the record or the
// text exists, the allowance is taken or used up) is tried again at most this many times.
const MAX_BOOKING_WRITES = 5;

/**
 * After the task exists: the book's mark, the callback's record and, for a number on file, its text (outbox
 * entry and daily allowance) in one write, all or nothing; then the text is sent and marked sent. A retried
 * request finds its record and text and writes nothing twice. Over the daily limit the callback is still
 * marked and recorded, its text recorded as dropped. Nothing here may turn the answer into a failure: the task
 * exists, and when the write fails the reservation stays pending for the retry run.
 */
async function confirmBooking(
  ctx: UseCaseContext,
  security: SecurityDependencies,
  request: BookedRequest,
  params: CallbackParams,
): Promise<{ duplicate: boolean; sms: SmsDelivery; written: boolean }> {
  const phone = maskPhone(request.phoneNumber);
  // Texts go only to a number on file as some order's customer; when that cannot be told, no text (as before).
  const onFile = await ctx.deps.orders.hasOrders(request.phoneNumber).catch(() => undefined);
  const message = ctx.msg.t("sms.callback", params);
  const now = ctx.deps.now();
  let record: ChangeConfirmation["record"] = onFile
    ? { kind: "send", day: now.toISOString().slice(0, 10), perDay: ctx.config.smsPerNumberPerDay }
    : { kind: "none" };
  let mark = true;
  let duplicate = false;
  let recorded: RecordedText = "NONE";
  try {
    for (let write = 1; write <= MAX_BOOKING_WRITES; write++) {
      const result = await ctx.deps.callbackLog.recordBooked(
        {
          request,
          mark,
          record: !duplicate,
          text: { message, leaseMs: SMS_LEASE_MS, record },
          now,
        },
        security,
      );
      if (result.outcome === "WRITTEN") {
        const sms = await textOutcome(ctx, security, {
          onFile,
          record,
          recorded,
          textId: result.textId,
          request,
          message,
        });
        return { duplicate, sms, written: true };
      }
      // Someone moved the callback in between: their reservation stands.
      if (result.moved) mark = false;
      // A retry of a request recorded before: its record stands, and its text was recorded with it.
      if (result.recorded) duplicate = true;
      const next = nextTextRecord(record, result);
      record = next.record;
      recorded = next.recorded ?? recorded;
    }
    throw new Error("the callback's records could not be written together");
  } catch (error) {
    // The task exists: the caller hears it is booked; the reservation stays pending, so the retry run marks it.
    ctx.log.warn("callback log record failed", { phone, error: String(error) });
    return { duplicate, sms: onFile === false ? "NOT_ON_FILE" : "DELAYED", written: false };
  }
}

/** What the caller hears about the text after the write: sent now, late, limited, or nobody to text. */
async function textOutcome(
  ctx: UseCaseContext,
  security: SecurityDependencies,
  written: {
    onFile: boolean | undefined;
    record: ChangeConfirmation["record"];
    recorded: RecordedText;
    textId?: string;
    request: BookedRequest;
    message: string;
  },
): Promise<SmsDelivery> {
  const { onFile, record, request } = written;
  if (onFile === false) return "NOT_ON_FILE";
  if (onFile === undefined) return "DELAYED";
  if (record.kind === "drop") {
    securityEvent(ctx.log, SecurityMetric.SmsQuotaExceeded, { phone: maskPhone(request.phoneNumber) });
    return "LIMITED";
  }
  // Recorded by an earlier attempt of this request: sent, or on its way with the retry run.
  if (record.kind === "none" || !written.textId) return recordedDelivery(written.recorded);
  return sendRecordedText(ctx.deps, security, ctx.log, {
    id: written.textId,
    phoneNumber: request.phoneNumber,
    message: written.message,
  });
}

/** Without the book (in-memory fakes): the record, then the text, each on its own (a failed record throws). */
async function confirmWithoutBook(
  ctx: UseCaseContext,
  request: BookedRequest,
  params: CallbackParams,
): Promise<{ duplicate: boolean; sms: SmsDelivery }> {
  const duplicate = (await ctx.deps.callbackLog.record(request)) === "DUPLICATE";
  const sms =
    duplicate && !ctx.deps.security
      ? "SENT"
      : await textCallback(
          ctx.deps,
          ctx.log,
          ctx.msg,
          request.phoneNumber,
          params,
          request.requestKey,
          ctx.config.smsPerNumberPerDay,
        ).catch(() => "DELAYED" as const);
  return { duplicate, sms };
}

/**
 * The retry run's callback pass: a reservation whose task was not confirmed gets its task started again with
 * the same ClientToken (Connect creates one task per token). A task that cannot be started is given up visibly after
 * `maxAttempts`; once the task exists, Connect calls the customer back whatever happens here, so its record and the
 * text the caller was promised are retried until the callback's time instead.
 */
export async function completePendingCallbacks(
  deps: UseCaseContext["deps"],
  config: ShopConfig,
  log: UseCaseContext["log"],
  maxAttempts = 5,
): Promise<{ booked: number; failed: number }> {
  const counts = { booked: 0, failed: 0 };
  const security = deps.security;
  const book = security?.callbackBook;
  if (!security || !book) return counts;
  for (const open of await book.pending(25)) {
    if (open.at.getTime() < deps.now().getTime()) {
      await book.settle(open.phoneNumber, open.requestKey, "GAVE_UP");
      securityEvent(log, SecurityMetric.CallbackRefused, {
        phone: maskPhone(open.phoneNumber),
        reason: "EXPIRED",
      });
      continue;
    }
    let contactId: string | undefined;
    try {
      const request = { ...open, requestKey: open.requestKey as RequestKey };
      ({ contactId } = await deps.callbacks.schedule(request));
      // What the request could not write once the task existed: the mark, the callback's record and its text,
      // in the caller's language, as one write (a part written before is found and left as it is).
      const ctx: UseCaseContext = {
        deps,
        config,
        log,
        msg: new Messages(open.localeId),
        localeId: open.localeId,
        timeZone: open.timeZone,
        now: deps.now(),
      };
      const params = callbackParams(ctx, open.at, open.phoneNumber);
      const booked = await confirmBooking(ctx, security, { ...request, contactId }, params);
      if (!booked.written) throw new Error("the callback's records could not be written");
      counts.booked++;
    } catch (error) {
      counts.failed++;
      const gaveUp = contactId === undefined && open.attempts + 1 >= maxAttempts;
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
