import { describeOrder } from "../../use-cases/describe-order.js";
import { resolveOrder } from "../order-target.js";
import type { LexResult } from "../response.js";
import { closeWith, type Turn } from "../turn.js";

/** CheckOrderStatus: the status and shipping date of a verified order, in natural speech. */
export async function handleCheckOrderStatus(turn: Turn): Promise<LexResult> {
  const target = await resolveOrder(turn);
  if ("result" in target) return target.result;
  return closeWith(turn, describeOrder(turn, target.order));
}
