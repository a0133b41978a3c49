import { isAsap, resolveTime, weekdayOf } from "../../dates/index.js";
import { parseOrderId } from "../../domain/order.js";
import { countryOfLocale, normalizePhone } from "../../domain/phone.js";
import { checkCallbackNumber } from "../../security/callback-number.js";
import { messagesOf, speak } from "../../use-cases/outcome.js";
import {
  type CallbackWhen,
  checkCallbackTimeRequest,
  confirmCallback,
  scheduleCallback,
} from "../../use-cases/schedule-callback.js";
import { slotText } from "../event.js";
import { slotPrompt } from "../order-target.js";
import type { LexResult } from "../response.js";
import { shopDateOf } from "../slot-dates.js";
import { bump, closeWith, done, isAffirmative, type Turn } from "../turn.js";

const AT = "ol:callbackAt";
const NUMBER = "ol:callbackNumber";
const TRIES = "ol:callbackTries";
// The date said so far (kept when only the time was wrong) and the slot offered instead of an invalid one.
const DATE = "ol:callbackDate";
const SUGGESTED = "ol:callbackSuggested";
const INTENT = "RequestCallback";

/**
 * RequestCallback: a date and time (or "as soon as possible") inside business hours, 15 minutes to 6 days ahead;
 * the caller's own number on voice, else a validated E.164 number; a scheduled Connect task, a record in
 * DynamoDB, and an SMS when the number is on file.
 */
export async function handleRequestCallback(turn: Turn): Promise<LexResult> {
  const { reply, msg } = turn;

  // When.
  let at = reply.attrs[AT] ? new Date(reply.attrs[AT]) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    const suggested = reply.attrs[SUGGESTED];
    delete reply.attrs[SUGGESTED];
    if (suggested && isAffirmative(turn)) {
      at = new Date(suggested);
    } else {
      let when: CallbackWhen;
      if (isAsap(turn.transcript, turn.localeId)) when = "asap";
      else {
        const date = requestedDate(turn) ?? reply.attrs[DATE];
        const time = requestedTime(turn);
        if (date) reply.attrs[DATE] = date;
        if (!date) return ask(turn, "CallbackDate");
        if (!time) return ask(turn, "CallbackTime");
        when = { date, time };
      }
      const check = checkCallbackTimeRequest(turn, when);
      if (check.kind === "suggested" && check.result === "INVALID_TIME" && when !== "asap") {
        if (bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
        // A time on a business day can be corrected by a new time alone; anything else needs a new day too.
        const dayStillGood =
          check.reason !== "TOO_LATE" && turn.config.businessHours.days.includes(weekdayOf(when.date));
        if (!dayStillGood) delete reply.attrs[DATE];
        reply.attrs[SUGGESTED] = check.window.nearest.toISOString();
        reply.slots.CallbackDate = null;
        return reply.elicitSlot(
          dayStillGood ? "CallbackTime" : "CallbackDate",
          speak(msg, messagesOf(check)),
        );
      }
      if (check.kind !== "ready") return giveUp(turn);
      at = check.at;
    }
    delete reply.attrs[DATE];
    reply.attrs[AT] = at.toISOString();
  }

  // Where to call.
  let number = reply.attrs[NUMBER] ?? turn.callerPhone;
  // The caller's own number is held to the same rule: a premium or satellite caller ID is asked for another.
  if (number && number === turn.callerPhone && !reply.attrs[NUMBER]) {
    if (!(await checkCallbackNumber(number, turn.config.allowedCountries)).ok) number = undefined;
  }
  if (!number) {
    const raw =
      slotText(reply.slots, "CallbackNumber") ??
      (turn.asked === "CallbackNumber" ? turn.transcript : undefined);
    if (!raw) return reply.elicitSlot("CallbackNumber", slotPrompt(turn, INTENT, "CallbackNumber"));
    const parsed = await normalizePhone(raw, countryOfLocale(turn.localeId), turn.config.allowedCountries);
    // Premium-rate, shared-cost, satellite and unknown types are refused like a foreign number.
    const typed = parsed.ok ? await checkCallbackNumber(parsed.e164, turn.config.allowedCountries) : null;
    const check = typed && !typed.ok ? { ok: false as const, reason: typed.reason } : parsed;
    if (!check.ok) {
      if (bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
      return reply.elicitSlot("CallbackNumber", msg.t(`callback.number.${check.reason}`));
    }
    number = check.e164;
    reply.attrs[NUMBER] = number;
  }

  const orderId = optionalOrderId(turn);
  const confirm = confirmCallback(turn, at, number);
  const confirmation = turn.event.sessionState.intent.confirmationState;
  if (confirmation === "Denied") {
    clear(turn);
    return reply.elicitIntent(msg.t("callback.declined", confirm.params));
  }
  if (confirmation !== "Confirmed") return reply.confirm(speak(msg, [confirm]));
  if (turn.event.invocationSource === "DialogCodeHook") return reply.readyForFulfillment();

  const outcome = await scheduleCallback(turn, {
    origin: turn.origin,
    phoneNumber: number,
    at,
    orderId,
    reason: orderId ? `Callback about order ${orderId}` : "Callback requested in self-service",
  });
  clear(turn);
  if (orderId) reply.attrs.orderId = orderId;
  return closeWith(turn, outcome);
}

function ask(turn: Turn, slot: "CallbackDate" | "CallbackTime"): LexResult {
  const said = turn.asked === slot && turn.transcript.trim();
  if (said && bump(turn.reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
  const text = said ? turn.msg.t(`callback.notA.${slot}`) : slotPrompt(turn, INTENT, slot);
  return turn.reply.elicitSlot(slot, text);
}

function giveUp(turn: Turn): LexResult {
  clear(turn);
  turn.reply.attrs.handoffReason = "callback_not_scheduled";
  return done(turn, "Failed", "handoff", turn.msg.t("callback.giveUp"));
}

function clear(turn: Turn): void {
  for (const k of [AT, NUMBER, TRIES, DATE, SUGGESTED]) delete turn.reply.attrs[k];
}

/** The day the caller said, read in the shop's zone (not the Region's, where Lex resolves; see shopDateOf). */
function requestedDate(turn: Turn): string | undefined {
  return shopDateOf({
    slot: turn.reply.slots.CallbackDate,
    transcript: turn.transcript,
    options: { localeId: turn.localeId, timeZone: turn.timeZone, now: turn.now },
  });
}

function requestedTime(turn: Turn): string | undefined {
  const slot = turn.reply.slots.CallbackTime?.value;
  if (slot?.interpretedValue && /^\d{2}:\d{2}$/.test(slot.interpretedValue)) return slot.interpretedValue;
  const candidates = slot?.resolvedValues?.filter((v) => /^\d{2}:\d{2}$/.test(v)) ?? [];
  const text = slot?.originalValue ?? turn.transcript;
  const parsed = resolveTime(text, { localeId: turn.localeId, timeZone: turn.timeZone, now: turn.now });
  if (parsed?.time) return parsed.time;
  // "at 3" is 03:00 or 15:00: business hours decide when only one fits.
  const all = [...candidates, ...(parsed?.candidates ?? [])];
  const { start, end } = turn.config.businessHours;
  const inHours = [...new Set(all)].filter((t) => t >= start && t < end);
  return inHours.length === 1 ? inHours[0] : undefined;
}

function optionalOrderId(turn: Turn): string | undefined {
  const v = slotText(turn.reply.slots, "OrderId");
  return v ? parseOrderId(v) : undefined;
}
