import { cancelDecision } from "../../domain/order.js";
import { cancelOrder, textOrderChange } from "../../services/order-actions.js";
import { orderParams } from "../../spoken.js";
import { forgetOrder, rememberOrder, resolveOrder } from "../order-target.js";
import type { LexResult } from "../response.js";
import type { Turn } from "../turn.js";

/** CancelOrder: find and verify the order, confirm, then PLACED → CANCELLED with one conditional write and an SMS. */
export async function handleCancelOrder(turn: Turn): Promise<LexResult> {
  const { reply, msg } = turn;
  const target = await resolveOrder(turn);
  if ("result" in target) return target.result;
  const { order, identity } = target;
  const p = orderParams(turn.msg, order);

  const decision = cancelDecision(order);
  if (decision === "ALREADY_CANCELLED") return done(turn, "Fulfilled", "refused", msg.t("cancel.already", p));
  if (decision === "NOT_CANCELLABLE") {
    return done(turn, "Failed", "refused", msg.t(`cancel.notCancellable.${order.status}`, p));
  }

  const confirmation = turn.event.sessionState.intent.confirmationState;
  if (confirmation === "Denied") return reply.elicitIntent(msg.t("cancel.declined", p));
  if (confirmation !== "Confirmed") return reply.confirm(msg.t("cancel.confirm", p));
  if (turn.event.invocationSource === "DialogCodeHook") return reply.readyForFulfillment();

  const requestKey = `lex:${turn.event.sessionId}:CancelOrder:${order.orderId}`;
  const outcome = await cancelOrder(turn.deps, order, identity, requestKey);
  switch (outcome.kind) {
    case "ALREADY_CANCELLED":
      forgetOrder(turn);
      return done(turn, "Fulfilled", "refused", msg.t("cancel.already", p));
    case "NOT_CANCELLABLE":
      return done(turn, "Failed", "refused", msg.t(`cancel.notCancellable.${outcome.status}`, p));
    case "CHANGED":
      forgetOrder(turn);
      return done(turn, "Failed", "conflict", msg.t("order.justChanged", p));
    case "CANCELLED": {
      rememberOrder(turn, outcome.order, order.proof);
      const text = await textOrderChange(
        turn.deps,
        turn.log,
        msg,
        outcome,
        requestKey,
        msg.t("cancel.done", p),
      );
      turn.log.info("order cancelled", { orderId: order.orderId, duplicate: outcome.duplicate });
      return done(turn, "Fulfilled", "done", text);
    }
  }
}

/** Closes the intent, leaving the outcome for the Connect flow (`$.Lex.SessionAttributes.outcome`). */
export function done(turn: Turn, state: "Fulfilled" | "Failed", outcome: string, text: string): LexResult {
  turn.reply.attrs.outcome = outcome;
  return turn.reply.close(state, text);
}
