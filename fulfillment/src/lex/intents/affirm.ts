import { QuestionContext } from "../../../../bot/definition.js";
import type { LexResult } from "../response.js";
import { createTurn, type Turn } from "../turn.js";

/** Intents whose offer ("the nearest date is …; shall I use it?") a yes or no answers. */
const OFFERING_INTENTS = new Set(["RequestCallback", "ChangeShippingDate"]);

/**
 * Affirm: "yes" to the question just asked (Lex recognises it only while a question context is active).
 * Anything else? → what else; the greeting's order → carry on with it; an offered time → back to the intent
 * that offered it, which books what it offered.
 */
export async function handleAffirm(turn: Turn, route: (t: Turn) => Promise<LexResult>): Promise<LexResult> {
  const q = turn.question;
  if (q?.name === QuestionContext.OfferedTime) return resumeOffer(turn, route);
  if (q?.name === QuestionContext.GreetingOrder && q.attributes.orderId) {
    turn.reply.attrs["ol:chosenOrder"] = q.attributes.orderId;
    turn.reply.attrs.orderId = q.attributes.orderId;
    return turn.reply.elicitIntent(turn.msg.t("greeting.yes", { item: q.attributes.itemName ?? "" }));
  }
  return turn.reply.elicitIntent(turn.msg.t("anythingElse.yes"));
}

/** The intent that made the offer reads this answer as the answer to its own question. */
export function resumeOffer(turn: Turn, route: (t: Turn) => Promise<LexResult>): Promise<LexResult> {
  const name = turn.question?.attributes.intent;
  if (!name || !OFFERING_INTENTS.has(name))
    return Promise.resolve(turn.reply.elicitIntent(turn.msg.t("anythingElse.yes")));
  const event = structuredClone(turn.event);
  event.sessionState.intent = { name, slots: {}, state: "InProgress", confirmationState: "None" };
  event.sessionState.sessionAttributes = { ...turn.reply.attrs };
  event.invocationSource = "DialogCodeHook";
  return route(createTurn(event, turn.deps, turn.config, turn.log));
}
