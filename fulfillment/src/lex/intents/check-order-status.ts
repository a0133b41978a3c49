import { orderParams } from "../../spoken.js";
import { resolveOrder } from "../order-target.js";
import type { LexResult } from "../response.js";
import type { Turn } from "../turn.js";
import { done } from "./cancel-order.js";

/** CheckOrderStatus: the status and shipping date of a verified order, in natural speech. */
export async function handleCheckOrderStatus(turn: Turn): Promise<LexResult> {
  const target = await resolveOrder(turn);
  if ("result" in target) return target.result;
  const p = orderParams(turn.msg, target.order);
  return done(turn, "Fulfilled", "done", turn.msg.t(`status.report.${target.order.status}`, p));
}
