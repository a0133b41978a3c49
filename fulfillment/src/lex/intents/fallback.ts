import { QuestionContext } from "../../../../bot/definition.js";
import type { LexResult } from "../response.js";
import { isAffirmative, isNegative, type Turn } from "../turn.js";
import { handleAffirm } from "./affirm.js";

/** FallbackIntent: say briefly what the bot can do; the Connect flow decides when to offer the keypad menu. */
export async function handleFallback(turn: Turn): Promise<LexResult> {
  const greeting = greetingAnswer(turn);
  if (greeting) return greeting;
  turn.reply.attrs.outcome = "fallback";
  // "No thanks" after "anything else?" is an answer, not a misunderstanding.
  if (isNegative(turn)) return turn.reply.close("Fulfilled", turn.msg.t("fallback.nothingElse"));
  const tries = Number(turn.reply.attrs["ol:fallbacks"] ?? "0") + 1;
  turn.reply.attrs["ol:fallbacks"] = String(tries);
  return turn.reply.close("Failed", turn.msg.t("fallback.help", {}, tries - 1));
}

/**
 * The greeting's "are you calling about your kettle?" is asked by the Connect flow before the bot hears a word,
 * and Connect cannot activate a Lex context, so the first "yes" (「はい」) reaches Lex without the
 * GreetingOrder context and falls back. The flow passes the order it asked about (`ol:greetingOrder`,
 * `ol:greetingItem`): the first answer is read against that question once, like the context would.
 */
function greetingAnswer(turn: Turn): Promise<LexResult> | undefined {
  const { attrs } = turn.reply;
  const orderId = attrs["ol:greetingOrder"];
  if (!orderId || attrs["ol:greetingDone"]) return undefined;
  attrs["ol:greetingDone"] = "1";
  const question = {
    name: QuestionContext.GreetingOrder,
    attributes: { orderId, itemName: attrs["ol:greetingItem"] ?? "" },
  };
  if (!answersAlone(turn)) return undefined;
  if (isAffirmative(turn))
    return handleAffirm({ ...turn, question }, async () => turn.reply.elicitIntent(""));
  if (isNegative(turn)) return Promise.resolve(turn.reply.elicitIntent(turn.msg.t("greeting.no")));
  return undefined;
}

/**
 * The greeting's question is answered by the caller's first turn, whatever it was: a "no thanks" to a later
 * "anything else?" is not a no to the greeting (the flow keeps passing `ol:greetingOrder` in the session).
 */
export function closeGreetingQuestion(result: LexResult): LexResult {
  const attrs = result.sessionState.sessionAttributes;
  if (attrs?.["ol:greetingOrder"]) attrs["ol:greetingDone"] = "1";
  return result;
}

/**
 * Without Lex's own reading, only a clear answer counts: a yes or no word alone or followed by a pause
 * ("yes, it is", 「はい、そうです」), not a word that merely starts like one (「ええと」 is "um", not 「ええ」).
 */
function answersAlone(turn: Turn): boolean {
  const text = turn.transcript.normalize("NFKC").trim().toLowerCase();
  const words = [turn.msg.t("answer.yes"), turn.msg.t("answer.no")].join("|").split("|");
  return words.some((w) => {
    if (!w || !text.startsWith(w.toLowerCase())) return false;
    const next = text.slice(w.length, w.length + 1);
    return next === "" || /[\s、。,.!！?？]/u.test(next);
  });
}
