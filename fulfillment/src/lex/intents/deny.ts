import { QuestionContext } from "../../../../bot/definition.js";
import type { LexResult } from "../response.js";
import { done, type Turn } from "../turn.js";
import { resumeOffer } from "./affirm.js";

/**
 * Deny: "no" to the question just asked. Anything else? → goodbye (the conversation ends here); the greeting's
 * order → ask what it is about instead; an offered time → back to the intent that offered it, which asks again.
 */
export async function handleDeny(turn: Turn, route: (t: Turn) => Promise<LexResult>): Promise<LexResult> {
  const q = turn.question;
  if (q?.name === QuestionContext.OfferedTime) return resumeOffer(turn, route);
  if (q?.name === QuestionContext.GreetingOrder) return turn.reply.elicitIntent(turn.msg.t("greeting.no"));
  const text = turn.msg.t(turn.channel === "chat" ? "goodbye.chat" : "goodbye");
  // Said by the bot, so the flow ends the contact on Deny without its own goodbye.
  return done(turn, "Fulfilled", "goodbye", text);
}
