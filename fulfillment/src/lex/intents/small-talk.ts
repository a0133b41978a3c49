import { QuestionContext } from "../../../../bot/definition.js";
import type { LexResult } from "../response.js";
import type { Turn } from "../turn.js";

/**
 * SmallTalk: greetings, thanks, "are you a robot?" get a short friendly answer and the conversation goes on
 * (ElicitIntent: the flow never sees a failure, so small talk never leads to the keypad menu).
 */
export async function handleSmallTalk(turn: Turn): Promise<LexResult> {
  const { msg, reply } = turn;
  const said = turn.transcript.toLowerCase();
  const has = (key: string) =>
    msg
      .t(key)
      .split("|")
      .some((w) => w && new RegExp(`(^|[^a-z])${escapeRegExp(w)}`, "u").test(said));
  if (has("smallTalk.thanksWords"))
    return reply.ask(QuestionContext.AnythingElse).elicitIntent(msg.t("smallTalk.thanks"));
  if (has("smallTalk.botWords")) return reply.elicitIntent(msg.t("smallTalk.bot"));
  if (has("smallTalk.ackWords")) return reply.elicitIntent(msg.t("smallTalk.ack"));
  return reply.elicitIntent(msg.t("smallTalk.greeting"));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
