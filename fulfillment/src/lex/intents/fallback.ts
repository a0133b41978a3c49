import type { LexResult } from "../response.js";
import { isNegative, type Turn } from "../turn.js";

/** FallbackIntent: say briefly what the bot can do; the Connect flow decides when to offer the keypad menu. */
export async function handleFallback(turn: Turn): Promise<LexResult> {
  turn.reply.attrs.outcome = "fallback";
  // "No thanks" after "anything else?" is an answer, not a misunderstanding.
  if (isNegative(turn)) return turn.reply.close("Fulfilled", turn.msg.t("fallback.nothingElse"));
  const tries = Number(turn.reply.attrs["ol:fallbacks"] ?? "0") + 1;
  turn.reply.attrs["ol:fallbacks"] = String(tries);
  return turn.reply.close("Failed", turn.msg.t("fallback.help", {}, tries - 1));
}
