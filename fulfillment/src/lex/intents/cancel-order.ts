import { applyCancelOrder, checkCancelOrder } from "../../use-cases/cancel-order.js";
import { speak } from "../../use-cases/outcome.js";
import { forgetOrder, rememberOrder, resolveOrder } from "../order-target.js";
import type { LexResult } from "../response.js";
import { closeWith, type Turn } from "../turn.js";

/** CancelOrder: find and verify the order, ask for confirmation, then cancel it (the use case decides and writes). */
export async function handleCancelOrder(turn: Turn): Promise<LexResult> {
  const { reply, msg } = turn;
  const target = await resolveOrder(turn);
  if ("result" in target) return target.result;
  const { order, identity } = target;
  const request = { order, origin: turn.origin };

  const decision = checkCancelOrder(turn, request);
  if (decision.kind !== "ready") return closeWith(turn, decision);

  const confirmation = turn.event.sessionState.intent.confirmationState;
  if (confirmation === "Denied") return reply.elicitIntent(msg.t("cancel.declined", decision.confirm.params));
  if (confirmation !== "Confirmed") return reply.confirm(speak(msg, [decision.confirm]));
  if (turn.event.invocationSource === "DialogCodeHook") return reply.readyForFulfillment();

  const outcome = await applyCancelOrder(turn, request, identity);
  // After a write the session keeps the order as it now is; after a refusal or a conflict it reads it again.
  if (outcome.kind === "done" && outcome.order) rememberOrder(turn, outcome.order, order.proof);
  else forgetOrder(turn);
  return closeWith(turn, outcome);
}
