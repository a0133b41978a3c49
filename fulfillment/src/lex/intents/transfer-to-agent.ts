import type { LexResult } from "../response.js";
import type { Turn } from "../turn.js";

/** TransferToAgent: close so the Connect flow transfers; the session attributes carry the context. */
export async function handleTransferToAgent(turn: Turn): Promise<LexResult> {
  turn.reply.attrs.handoffReason = "customer_request";
  turn.reply.attrs.outcome = "handoff";
  return turn.reply.close("Fulfilled", turn.msg.t("agent.transfer"));
}
