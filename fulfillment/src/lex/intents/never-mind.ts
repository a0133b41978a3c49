import { QuestionContext } from "../../../../bot/definition.js";
import type { LexResult } from "../response.js";
import type { Turn } from "../turn.js";

// Half-collected answers of the withdrawn request (dates, callback times, the slot asked last).
const PENDING = /^ol:(callback|date|asked|chosenOrder)/;

/** NeverMind: the caller withdraws or negates a request ("don't cancel it"). Declines politely; never acts. */
export async function handleNeverMind(turn: Turn): Promise<LexResult> {
  for (const key of Object.keys(turn.reply.attrs)) if (PENDING.test(key)) delete turn.reply.attrs[key];
  return turn.reply.ask(QuestionContext.AnythingElse).elicitIntent(turn.msg.t("neverMind.ok"));
}
