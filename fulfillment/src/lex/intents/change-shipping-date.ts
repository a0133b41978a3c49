import { addDays, formatSpokenDate, resolveDate, todayIn } from "../../dates/index.js";
import { OrderStatus } from "../../domain/order.js";
import { checkShippingDate } from "../../domain/shipping-date-policy.js";
import { changeShippingDate, textOrderChange } from "../../services/order-actions.js";
import { orderParams } from "../../spoken.js";
import { slotText } from "../event.js";
import { forgetOrder, rememberOrder, resolveOrder, slotPrompt } from "../order-target.js";
import type { LexResult } from "../response.js";
import { bump, isAffirmative, type Turn } from "../turn.js";
import { done } from "./cancel-order.js";

const TRIES = "ol:dateTries";
const SUGGESTED = "ol:dateSuggested";

/**
 * ChangeShippingDate: only placed orders; the new date is 2 to 60 days ahead in the shop's zone and differs
 * from the current one. An invalid date gets the reason and the nearest valid date, then the slot again.
 */
export async function handleChangeShippingDate(turn: Turn): Promise<LexResult> {
  const { reply, msg } = turn;
  const target = await resolveOrder(turn);
  if ("result" in target) return target.result;
  const { order, identity } = target;
  const p = orderParams(turn.msg, order);

  if (order.status !== OrderStatus.Placed) {
    return done(turn, "Failed", "refused", msg.t(`changeDate.notChangeable.${order.status}`, p));
  }

  const suggested = reply.attrs[SUGGESTED];
  delete reply.attrs[SUGGESTED];
  const requested =
    suggested && turn.asked === "ShippingDate" && isAffirmative(turn) ? suggested : requestedDate(turn);
  if (!requested) {
    const said = turn.asked === "ShippingDate" && turn.transcript.trim();
    if (said && bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
    const ask = said
      ? msg.t("changeDate.notADate", p)
      : `${msg.t("changeDate.current", p)} ${slotPrompt(turn, "ChangeShippingDate", "ShippingDate")}`;
    return reply.elicitSlot("ShippingDate", ask);
  }

  const check = checkShippingDate(
    requested,
    order.shippingDate,
    turn.config.shippingDate,
    turn.timeZone,
    turn.now,
  );
  if (!check.ok) {
    if (bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
    const today = todayIn(turn.timeZone, turn.now);
    const reason = msg.t(`changeDate.invalid.${check.reason}`, {
      ...p,
      requested: formatSpokenDate(requested, turn.localeId),
      first: formatSpokenDate(addDays(today, turn.config.shippingDate.minDaysAhead), turn.localeId),
      last: formatSpokenDate(addDays(today, turn.config.shippingDate.maxDaysAhead), turn.localeId),
    });
    reply.attrs[SUGGESTED] = check.nearest;
    return reply.elicitSlot(
      "ShippingDate",
      `${reason} ${msg.t("changeDate.suggest", { nearest: formatSpokenDate(check.nearest, turn.localeId) })}`,
    );
  }
  reply.slots.ShippingDate = {
    shape: "Scalar",
    value: {
      originalValue: slotOriginal(turn) ?? requested,
      interpretedValue: requested,
      resolvedValues: [requested],
    },
  };
  const dates = { ...p, from: p.date, to: formatSpokenDate(requested, turn.localeId) };

  const confirmation = turn.event.sessionState.intent.confirmationState;
  if (confirmation === "Denied") return reply.elicitIntent(msg.t("changeDate.declined", dates));
  if (confirmation !== "Confirmed") return reply.confirm(msg.t("changeDate.confirm", dates));
  if (turn.event.invocationSource === "DialogCodeHook") return reply.readyForFulfillment();

  const requestKey = `lex:${turn.event.sessionId}:ChangeShippingDate:${order.orderId}:${requested}`;
  const outcome = await changeShippingDate(turn.deps, order, identity, requested, requestKey);
  if (outcome.kind === "NOT_CHANGEABLE") {
    return done(turn, "Failed", "refused", msg.t(`changeDate.notChangeable.${outcome.status}`, p));
  }
  if (outcome.kind === "CHANGED") {
    forgetOrder(turn);
    return done(turn, "Failed", "conflict", msg.t("order.justChanged", p));
  }
  rememberOrder(turn, outcome.order, order.proof);
  delete reply.attrs[TRIES];
  const text = await textOrderChange(
    turn.deps,
    turn.log,
    msg,
    outcome,
    requestKey,
    msg.t("changeDate.done", dates),
  );
  return done(turn, "Fulfilled", "done", text);
}

function giveUp(turn: Turn): LexResult {
  delete turn.reply.attrs[TRIES];
  turn.reply.attrs.handoffReason = "invalid_date";
  return done(turn, "Failed", "handoff", turn.msg.t("changeDate.giveUp"));
}

function slotOriginal(turn: Turn): string | undefined {
  return turn.reply.slots.ShippingDate?.value?.originalValue;
}

/** The date Lex resolved, else what our date module understands from the transcript. */
function requestedDate(turn: Turn): string | undefined {
  const value = slotText(turn.reply.slots, "ShippingDate");
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const text = slotOriginal(turn) ?? (turn.asked === "ShippingDate" ? turn.transcript : undefined);
  if (!text) return undefined;
  return resolveDate(text, { localeId: turn.localeId, timeZone: turn.timeZone, now: turn.now }) ?? undefined;
}
