import { orderParams } from "../../spoken.js";
import {
  applyShippingDateChange,
  checkOrderChangeable,
  checkShippingDateChange,
} from "../../use-cases/change-shipping-date.js";
import { messagesOf, speak } from "../../use-cases/outcome.js";
import { forgetOrder, rememberOrder, resolveOrder, slotPrompt } from "../order-target.js";
import type { LexResult } from "../response.js";
import { shopDateOf } from "../slot-dates.js";
import { bump, closeWith, done, isAffirmative, type Turn } from "../turn.js";

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

  const unchangeable = checkOrderChangeable(turn, order);
  if (unchangeable) return closeWith(turn, unchangeable);

  const suggested = reply.attrs[SUGGESTED];
  delete reply.attrs[SUGGESTED];
  const requested =
    suggested && turn.asked === "ShippingDate" && isAffirmative(turn) ? suggested : requestedDate(turn);
  if (!requested) {
    const said = turn.asked === "ShippingDate" && turn.transcript.trim();
    if (said && bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
    const p = orderParams(msg, order);
    const ask = said
      ? msg.t("changeDate.notADate", p)
      : `${msg.t("changeDate.current", p)} ${slotPrompt(turn, "ChangeShippingDate", "ShippingDate")}`;
    return reply.elicitSlot("ShippingDate", ask);
  }

  const request = { order, requested, origin: turn.origin };
  const decision = checkShippingDateChange(turn, request);
  if (decision.kind === "suggested" && decision.result === "INVALID_DATE") {
    if (bump(reply.attrs, TRIES) >= turn.config.maxDateAttempts) return giveUp(turn);
    reply.attrs[SUGGESTED] = decision.window.nearest;
    return reply.elicitSlot("ShippingDate", speak(msg, messagesOf(decision)));
  }
  if (decision.kind !== "ready") return closeWith(turn, decision);
  reply.slots.ShippingDate = {
    shape: "Scalar",
    value: {
      originalValue: slotOriginal(turn) ?? requested,
      interpretedValue: requested,
      resolvedValues: [requested],
    },
  };

  const confirmation = turn.event.sessionState.intent.confirmationState;
  if (confirmation === "Denied") {
    return reply.elicitIntent(msg.t("changeDate.declined", decision.confirm.params));
  }
  if (confirmation !== "Confirmed") return reply.confirm(speak(msg, [decision.confirm]));
  if (turn.event.invocationSource === "DialogCodeHook") return reply.readyForFulfillment();

  const outcome = await applyShippingDateChange(turn, request, identity);
  if (outcome.kind !== "done" || !outcome.order) {
    forgetOrder(turn);
    return closeWith(turn, outcome);
  }
  rememberOrder(turn, outcome.order, order.proof);
  delete reply.attrs[TRIES];
  return closeWith(turn, outcome);
}

function giveUp(turn: Turn): LexResult {
  delete turn.reply.attrs[TRIES];
  turn.reply.attrs.handoffReason = "invalid_date";
  return done(turn, "Failed", "handoff", turn.msg.t("changeDate.giveUp"));
}

function slotOriginal(turn: Turn): string | undefined {
  return turn.reply.slots.ShippingDate?.value?.originalValue;
}

/** The day the caller said, read in the shop's zone (not the Region's, where Lex resolves; see shopDateOf). */
function requestedDate(turn: Turn): string | undefined {
  return shopDateOf({
    slot: turn.reply.slots.ShippingDate,
    transcript: turn.asked === "ShippingDate" ? turn.transcript : undefined,
    options: { localeId: turn.localeId, timeZone: turn.timeZone, now: turn.now },
  });
}
